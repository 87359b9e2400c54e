#!/usr/bin/env node
// Compiles Anchor.sol with the pinned solc-js (package-lock.json) and fixed settings, through
// solc's standard JSON interface.
//   node compile.js           writes build/Anchor.abi.json, build/Anchor.bin, build/Anchor.meta.json
//   node compile.js --check   writes nothing; exits 0 only when the committed files match
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const PINNED_VERSION = '0.8.37+commit.f401782d';
const SOURCE = 'Anchor.sol';
const CONTRACT = 'Anchor';

// Fixed: changing any of these changes the bytecode (and its metadata hash).
const SETTINGS = {
  optimizer: { enabled: true, runs: 1000000 },
  evmVersion: 'cancun',
  viaIR: false,
  metadata: { bytecodeHash: 'ipfs', appendCBOR: true },
  outputSelection: { [SOURCE]: { [CONTRACT]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.deployedBytecode.immutableReferences', 'metadata'] } },
};

const here = __dirname;
const build = path.join(here, 'build');
const files = {
  abi: path.join(build, `${CONTRACT}.abi.json`),
  bin: path.join(build, `${CONTRACT}.bin`),
  meta: path.join(build, `${CONTRACT}.meta.json`),
};

function fail(message) {
  console.error(`contracts: ${message}`);
  process.exit(1);
}

const version = solc.version();
if (!version.startsWith(PINNED_VERSION + '.')) {
  fail(`solc ${version} is installed, ${PINNED_VERSION} is pinned: run npm ci in deploy/contracts`);
}

const source = fs.readFileSync(path.join(here, SOURCE), 'utf8');
const input = { language: 'Solidity', sources: { [SOURCE]: { content: source } }, settings: SETTINGS };
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) {
  console.error(e.formattedMessage.trimEnd());
}
if (errors.length > 0) {
  fail(`${SOURCE} does not compile`);
}
if ((output.errors || []).length > 0) {
  fail(`${SOURCE} compiles with warnings: fix them`);
}

const contract = output.contracts[SOURCE][CONTRACT];
const metadata = JSON.parse(contract.metadata);
const keccak = metadata.sources[SOURCE].keccak256;
const sha256 = '0x' + crypto.createHash('sha256').update(source, 'utf8').digest('hex');
const { outputSelection, ...recordedSettings } = SETTINGS;

const produced = {
  abi: JSON.stringify(contract.abi, null, 2) + '\n',
  bin: contract.evm.bytecode.object + '\n',
  meta: JSON.stringify({
    contract: `${SOURCE}:${CONTRACT}`,
    compiler: { package: 'solc (npm, solc-js)', version },
    settings: recordedSettings,
    source: { path: `deploy/contracts/${SOURCE}`, keccak256: keccak, sha256 },
    creationBytecodeSha256: '0x' + crypto.createHash('sha256').update(contract.evm.bytecode.object).digest('hex'),
    creationBytecodeBytes: contract.evm.bytecode.object.length / 2,
    runtimeBytecodeBytes: contract.evm.deployedBytecode.object.length / 2,
    runtimeBytecode: contract.evm.deployedBytecode.object,
    // Where the deployed code holds each immutable (zeros above; the deployer's address once deployed).
    runtimeImmutableReferences: contract.evm.deployedBytecode.immutableReferences,
    metadata,
  }, null, 2) + '\n',
};

if (process.argv.includes('--check')) {
  let mismatches = 0;
  for (const [kind, file] of Object.entries(files)) {
    const rel = path.relative(path.join(here, '..', '..'), file);
    if (!fs.existsSync(file)) {
      console.error(`contracts: ${rel} is missing`);
      mismatches++;
      continue;
    }
    const committed = fs.readFileSync(file, 'utf8');
    if (committed !== produced[kind]) {
      let at = 0;
      while (at < committed.length && committed[at] === produced[kind][at]) at++;
      console.error(`contracts: ${rel} does not match what solc ${version} makes of ${SOURCE} (first difference at character ${at}; ${committed.length} committed vs ${produced[kind].length} recompiled characters)`);
      mismatches++;
    }
  }
  if (mismatches > 0) {
    fail(`the committed build does not match the source: run "node deploy/contracts/compile.js" and commit deploy/contracts/build/`);
  }
  console.log(`contracts: ${CONTRACT} recompiled with solc ${version} matches the committed bytecode, ABI and metadata (${produced.bin.length / 2 | 0} bytes creation code)`);
} else {
  fs.mkdirSync(build, { recursive: true });
  for (const [kind, file] of Object.entries(files)) {
    fs.writeFileSync(file, produced[kind]);
  }
  console.log(`contracts: wrote ${Object.values(files).map((f) => path.relative(here, f)).join(', ')} (solc ${version})`);
}
