/*
 * verify.js: the buyer's browser checks the lot's proof bundle itself (docs/proof-bundle.md).
 *
 * A port of services/Traceability.Proofs/BundleVerifier.cs and what it calls: the CBV 2.0 event hash
 * (Traceability.Epcis), RFC 9162 inclusion proofs and C2SP signed notes with Ed25519 (Traceability.Ledger).
 * Where .NET's rules differ from JavaScript's (whitespace, \d and "$" in patterns, number formatting, code
 * point order, base64), the .NET rule is followed: an event must hash here exactly as on the server.
 * Findings say in English what the C# says; the page shows them in its own language (vi or en).
 * No libraries, no eval, text into the page by textContent only. Tests use window.traceVerify.
 */
(() => {
  'use strict';

  const FORMAT = 'https://id.traceability.vn/proof-bundle/v1';
  const ANCHORED = 'anchored';
  const utf8 = new TextEncoder();
  const subtle = globalThis.crypto && globalThis.crypto.subtle; // only in secure contexts (HTTPS, localhost)

  // ------------------------------------------------------------ bytes

  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => { out.set(p, at); return at + p.length; }, 0);
    return out;
  };
  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const toBase64 = bytes => btoa(String.fromCharCode(...bytes));
  const sha256 = async bytes => new Uint8Array(await subtle.digest('SHA-256', bytes));
  const uint32 = b => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;

  /** Convert.FromBase64String: whitespace ignored, padding required; null when not base64. */
  function fromBase64(text) {
    const t = typeof text === 'string' ? text.replace(/[ \t\r\n]/g, '') : '=';
    return t.length % 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t) ? null : Uint8Array.from(atob(t), c => c.charCodeAt(0));
  }

  // ------------------------------------------------------------ JSON, numbers as written

  /** A number whose written form (1.0, 1e400) JavaScript would not write back: the C# hash reads it as written. */
  class RawNumber {
    constructor(text, value) { this.text = text; this.value = value; }
  }
  /** JSON.parse keeping such numbers' text, where the browser lets a reviver see the source. */
  const parseJson = text => JSON.parse(text, (k, v, context) =>
    typeof v === 'number' && context && typeof context.source === 'string' && context.source !== String(v) ? new RawNumber(context.source, v) : v);

  const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
  const own = (o, key) => (isObject(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);
  /** The text of a JSON string, number (as written) or boolean; null for anything else (PreHash.Scalar). */
  const scalar = v => (typeof v === 'string' ? v : v instanceof RawNumber ? v.text
    : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
  /** JsonNode.ToString(): a value's text, an object or array as indented JSON, null for none. */
  const nodeText = v => (v === undefined || v === null ? null : scalar(v)
    ?? JSON.stringify(v, (k, x) => (x instanceof RawNumber ? x.value : x), 2));

  // ------------------------------------------------------------ .NET's rules for strings

  // char.IsWhiteSpace, which string.Trim uses (JavaScript's trim also takes U+FEFF and leaves U+0085).
  const SPACE = '[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
  const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
  const trim = s => s.replace(TRIM, '');

  /** CodePointOrder: UTF-16 order, but a surrogate sorts above U+E000..U+FFFF, as in UTF-8. */
  function codePointOrder(x, y) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const a = x.charCodeAt(i), b = y.charCodeAt(i);
      if (a === b) continue;
      const sa = (a & 0xf800) === 0xd800, sb = (b & 0xf800) === 0xd800;
      return sa !== sb ? (sa ? 1 : -1) : a - b;
    }
    return x.length - y.length;
  }
  const sorted = list => list.sort(codePointOrder);

  /** Uri.EscapeDataString: UTF-8 bytes but the unreserved characters, in upper-case hex. */
  const escapeData = s => Array.from(utf8.encode(s), b => (/[\w.~-]/.test(String.fromCharCode(b))
    ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0'))).join('');

  /** string.Split(separator, count): at most count parts, the last keeping the rest. */
  const splitN = (s, separator, count) => {
    const parts = s.split(separator);
    return parts.length <= count ? parts : [...parts.slice(0, count - 1), parts.slice(count - 1).join(separator)];
  };

  // .NET's \d is any decimal digit of one UTF-16 unit, and its "$" also matches before a final "\n".
  const D = '(?:(?![\\u{10000}-\\u{10FFFF}])\\p{Nd})';
  const net = source => new RegExp(`^(?:${source.replaceAll('\\d', D)})\\n?$`, 'u');
  const words = s => new Set(s.split(' '));

  // ------------------------------------------------------------ vocabulary and prefixes (CbvTerms.cs, JsonLdPrefixes.cs)

  // The bare terms the EPCIS 2.0 context defines for fields typed @vocab, and the CURIE each becomes.
  const VOCABULARY = {
    BizStep: ['cbv:BizStep-', 'accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting installing killing loading other packing picking receiving removing repackaging repairing replacing reserving retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting unloading unpacking void_shipping'],
    Disposition: ['cbv:Disp-', 'active available completeness_verified completeness_inferred conformant container_closed container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance mismatch_class mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable unknown'],
    SourceDestinationType: ['cbv:SDT-', 'owning_party possessing_party location'],
    BizTransactionType: ['cbv:BTT-', 'bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt'],
    MeasurementType: ['gs1:', 'AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber'],
    SensorAlarmType: ['gs1:', 'ALARM_CONDITION ERROR_CONDITION'],
    Component: ['cbv:Comp-', 'x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude longitude altitude'],
    ErrorReason: ['cbv:ER-', 'did_not_occur incorrect_data'],
  };
  for (const name in VOCABULARY) VOCABULARY[name][1] = words(VOCABULARY[name][1]);

  const STANDARD_PREFIXES = new Map([['epcis', 'https://ref.gs1.org/epcis/'], ['cbv', 'https://ref.gs1.org/cbv/'],
    ['cbvmda', 'urn:epcglobal:cbv:mda:'], ['gs1', 'https://gs1.org/voc/'], ['rdfs', 'http://www.w3.org/2000/01/rdf-schema#'],
    ['owl', 'http://www.w3.org/2002/07/owl#'], ['xsd', 'http://www.w3.org/2001/XMLSchema#'], ['dcterms', 'http://purl.org/dc/terms/']]);

  /** The prefixes with those a JSON-LD @context declares on top; remote contexts are never fetched. */
  function withContext(prefixes, context) {
    if (!Array.isArray(context) && !isObject(context)) return prefixes;
    const added = new Map(prefixes);
    const collect = c => {
      if (Array.isArray(c)) c.forEach(collect);
      for (const [term, definition] of isObject(c) ? Object.entries(c) : []) {
        const iri = typeof definition === 'string' ? definition : own(definition, '@id');
        if (!term.startsWith('@') && typeof iri === 'string') added.set(term, iri);
      }
    };
    collect(context);
    return added;
  }

  /** The namespace of a CURIE with a known prefix (not followed by "//"), else undefined. */
  const curie = (prefixes, text) => {
    const colon = text.indexOf(':');
    return colon > 0 && !text.startsWith('//', colon + 1) && prefixes.has(text.slice(0, colon))
      ? [prefixes.get(text.slice(0, colon)), text.slice(colon + 1)] : undefined;
  };

  /** An extension's key as {namespace}localName: a CURIE, or an absolute IRI split after its last / or # (: for a URN). */
  function expandKey(prefixes, key) {
    const c = curie(prefixes, key);
    if (c) return `{${c[0]}}${c[1]}`;
    const urn = /^urn:/i.test(key), scheme = key.indexOf('://');
    const split = urn ? key.lastIndexOf(':') : Math.max(key.lastIndexOf('/'), key.lastIndexOf('#'));
    if (!urn && (scheme < 0 || split < scheme + 3)) return key;
    return split <= 0 || split === key.length - 1 ? key : `{${key.slice(0, split + 1)}}${key.slice(split + 1)}`;
  }

  /** A value CURIE of a GS1 vocabulary as its full URI; other CURIEs stay as written. */
  const expandValue = (prefixes, value) => {
    const c = curie(prefixes, value);
    return c && /^https:\/\/(ref\.)?gs1\.org/.test(c[0]) ? c[0] + c[1] : value;
  };

  // ------------------------------------------------------------ EPC URIs (EpcUrn.cs)

  const GS1 = 'https://id.gs1.org/';
  const EPC_CHARACTERS = net("(%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])+");
  const CPI_PART = net('(%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])+');
  const SERIAL = net('\\d{1,12}');
  const TWO = net('\\d{2}');

  const ascii = s => /^[0-9]*$/.test(s);
  const checkDigit = digits => {
    let sum = 0;
    for (let i = digits.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (digits.charCodeAt(i) - 48) * w;
    return digits + ((10 - (sum % 10)) % 10);
  };
  const prefixOk = cp => cp.length >= 6 && cp.length <= 12 && ascii(cp);
  const digitsOf = (cp, rest, length) => (prefixOk(cp) && rest.length === length - cp.length && ascii(rest) ? cp + rest : null);
  const keyOf = (cp, reference, length) => digitsOf(cp, reference, length) && checkDigit(cp + reference);
  const gtinOf = (cp, item) => digitsOf(cp, item, 13) && checkDigit(item[0] + cp + item.slice(1));
  /** At most max characters of GS1 AI set 82 as an EPC URI writes them (%xx is one). */
  const ai82 = (text, max) => EPC_CHARACTERS.test(text) && text.replace(/\n$/, '').length - 2 * (text.split('%').length - 1) <= max;
  const encode = v => v.replace(/[!()*+,:]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());

  // Per scheme, the number of fields and the Digital Link path of the fields (a falsy path: not a valid URI).
  const EPC_IDS = {
    sgtin: [3, ([cp, i, s], g = gtinOf(cp, i)) => g && ai82(s, 20) && `01/${g}/21/${encode(s)}`],
    sscc: [2, ([cp, s]) => digitsOf(cp, s, 17) && `00/${checkDigit(s[0] + cp + s.slice(1))}`],
    sgln: [3, ([cp, l, x], g = keyOf(cp, l, 12)) => g && ai82(x, 20) && (x === '0' ? `414/${g}` : `414/${g}/254/${encode(x)}`)],
    grai: [3, ([cp, a, s], g = keyOf(cp, a, 12)) => g && ai82(s, 16) && `8003/0${g}${encode(s)}`],
    giai: [2, ([cp, a]) => prefixOk(cp) && ai82(a, 30 - cp.length) && `8004/${cp}${encode(a)}`],
    gsrn: [2, ([cp, s], g = keyOf(cp, s, 17)) => g && `8018/${g}`],
    gsrnp: [2, ([cp, s], g = keyOf(cp, s, 17)) => g && `8017/${g}`],
    gdti: [3, ([cp, t, s], g = keyOf(cp, t, 12)) => g && (s === '' || ai82(s, 17)) && `253/${g}${encode(s)}`],
    cpi: [3, ([cp, p, s]) => prefixOk(cp) && CPI_PART.test(p) && p.length <= 30 - cp.length && SERIAL.test(s) && `8010/${encode(cp + p)}/8011/${s}`],
    sgcn: [3, ([cp, c, s], g = keyOf(cp, c, 12)) => g && SERIAL.test(s) && `255/${g}${s}`],
    ginc: [2, ([cp, c]) => prefixOk(cp) && ai82(c, 30 - cp.length) && `401/${cp}${encode(c)}`],
    gsin: [2, ([cp, s], g = keyOf(cp, s, 16)) => g && `402/${g}`],
    itip: [5, ([cp, i, p, t, s], g = gtinOf(cp, i)) => g && TWO.test(p) && TWO.test(t) && ai82(s, 20) && `8006/${g}${p}${t}/21/${encode(s)}`],
    upui: [3, ([cp, i, t], g = gtinOf(cp, i)) => g && ai82(t, 28) && `01/${g}/235/${encode(t)}`],
    pgln: [2, ([cp, p], g = keyOf(cp, p, 12)) => g && `417/${g}`],
  };
  const EPC_PATTERNS = {
    sgtin: [2, ([cp, i], g = gtinOf(cp, i)) => g && `01/${g}`],
    grai: [2, ([cp, a], g = keyOf(cp, a, 12)) => g && `8003/0${g}`],
    gdti: [2, ([cp, t], g = keyOf(cp, t, 12)) => g && `253/${g}`],
    sgcn: [2, ([cp, c], g = keyOf(cp, c, 12)) => g && `255/${g}`],
    cpi: [2, ([cp, p]) => prefixOk(cp) && CPI_PART.test(p) && p.length <= 30 - cp.length && `8010/${encode(cp + p)}`],
    itip: [4, ([cp, i, p, t], g = gtinOf(cp, i)) => g && TWO.test(p) && TWO.test(t) && `8006/${g}${p}${t}`],
  };
  EPC_PATTERNS.upui = EPC_PATTERNS.sgtin;

  /** scheme:fields against a table; null when the scheme is unknown or a field invalid. */
  function epcPath(body, table) {
    const colon = body.indexOf(':');
    const rule = colon < 0 ? undefined : own(table, body.slice(0, colon));
    const fields = rule && splitN(body.slice(colon + 1), '.', rule[0]);
    const path = fields && fields.length === rule[0] && rule[1](fields);
    return path ? GS1 + path : null;
  }

  /** An EPC URI, EPC Class URI (lgtin) or EPC ID Pattern URI as a canonical Digital Link URI, or null. */
  function epcToDigitalLink(urn) {
    if (urn.startsWith('urn:epc:id:')) return epcPath(urn.slice(11), EPC_IDS);
    if (urn.startsWith('urn:epc:idpat:')) return urn.endsWith('.*') ? epcPath(urn.slice(14, -2), EPC_PATTERNS) : null;
    if (!urn.startsWith('urn:epc:class:lgtin:')) return null;
    const [cp, item, lot] = splitN(urn.slice(20), '.', 3);
    const gtin = lot !== undefined && gtinOf(cp, item);
    return gtin && ai82(lot, 20) ? `${GS1}01/${gtin}/10/${encode(lot)}` : null;
  }

  // ------------------------------------------------------------ GS1 Digital Link (DigitalLink.cs)

  const SHORT_NAMES = new Map(Object.entries({ gtin: '01', itip: '8006', cpid: '8010', gln: '414', party: '417', gsrnp: '8017',
    gsrn: '8018', gcn: '255', sscc: '00', gdti: '253', ginc: '401', gsin: '402', grai: '8003', giai: '8004', cpv: '22', lot: '10',
    ser: '21', glnx: '254', tpx: '235', cpsn: '8011' }));
  const ai = segment => SHORT_NAMES.get(segment) ?? segment;
  const LEADING_DIGITS = new RegExp(`^${D}{4}`, 'u');
  const AI82 = "([\"'\\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2})";
  const UP_TO_20 = net(`${AI82}{1,20}`), UP_TO_30 = net(`${AI82}{1,30}`), GLN = net('\\d{13}'), D18 = net('\\d{18}');
  // Per primary key: its syntax, and the qualifiers kept, finest first (only one is).
  const KEYS = {
    '00': [D18], '01': [net('\\d{14}'), '21', '235', '10'], 8006: [D18, '21', '10'], 253: [net(`\\d{13}${AI82}{0,17}`)],
    255: [net('\\d{13,25}')], 401: [UP_TO_30], 8004: [UP_TO_30], 402: [net('\\d{17}')], 414: [GLN, '254'], 417: [GLN],
    8003: [net(`\\d{14}${AI82}{0,16}`)], 8010: [net('([#\\-0-9A-Z]|%[0-9A-Fa-f]{2}){1,30}'), '8011'], 8017: [D18], 8018: [D18],
  };
  const QUALIFIERS = { 8011: net('\\d{1,12}'), 235: net(`${AI82}{1,28}`) };
  const pathOnly = path => path.replace(/[?#][^]*$/, '');

  /** Whether a path has a primary key's segment followed by one starting with four digits (DigitalLink.MayHoldKey). */
  function mayHoldKey(path) {
    let previousIsKey = false;
    for (const segment of pathOnly(path).split('/').filter(s => s)) {
      if (previousIsKey && LEADING_DIGITS.test(segment)) return true;
      previousIsKey = Object.hasOwn(KEYS, ai(segment));
    }
    return false;
  }

  /** An EPC URI or http(s) Digital Link URI of a valid key as the constrained canonical Digital Link URI; else null. */
  function digitalLink(value) {
    if (value.startsWith('urn:epc:')) return epcToDigitalLink(value);
    const start = value.startsWith('https://') ? 8 : value.startsWith('http://') ? 7 : -1;
    const slash = start < 0 ? -1 : value.indexOf('/', start);
    if (slash < 0 || !mayHoldKey(value.slice(slash))) return null;
    const segments = pathOnly(value.slice(slash)).split('/').filter(s => s);
    const i = segments.findIndex((s, n) => n + 1 < segments.length && Object.hasOwn(KEYS, ai(s)) && LEADING_DIGITS.test(segments[n + 1]));
    if (i < 0) return null;
    const key = ai(segments[i]), rest = segments.slice(i + 2);
    let keyValue = segments[i + 1];
    if (rest.length % 2) return null;
    const qualifiers = new Map();
    for (let q = 0; q < rest.length; q += 2) qualifiers.set(ai(rest[q]), rest[q + 1]);
    if (key === '01' && [8, 12, 13].includes(keyValue.length) && ascii(keyValue)) keyValue = keyValue.padStart(14, '0');
    const [syntax, ...kept] = KEYS[key];
    const q = kept.find(a => qualifiers.has(a));
    if (!syntax.test(keyValue) || (q && !(QUALIFIERS[q] || UP_TO_20).test(qualifiers.get(q)))) return null;
    return `${GS1}${key}/${keyValue}${q ? `/${q}/${qualifiers.get(q)}` : ''}`;
  }

  // ------------------------------------------------------------ canonical values (CanonicalValue.cs)

  const CBV_URN = /^urn:epcglobal:cbv:(bizstep|disp|btt|sdt|er|comp):/;
  const CBV_WEB = { bizstep: 'BizStep-', disp: 'Disp-', btt: 'BTT-', sdt: 'SDT-', er: 'ER-', comp: 'Comp-' };

  /** ASCII digits, no sign, exponent, leading zero or trailing fractional zero, at most 15 significant: left as written. */
  const isShortPlainNumber = text => {
    const m = /^(0|[1-9][0-9]*)(?:\.([0-9]*[1-9]))?$/.exec(text);
    return !!m && !(m[1] === '0' && m[2] && m[2][0] === '0') && (m[1] === '0' ? 0 : m[1].length) + (m[2] || '').length <= 15;
  };

  /** A number through a double as .NET writes it: integral in full; else shortest round-trip, "R" style below 1e-4 (1e-05). */
  function canonicalNumber(text) {
    if (isShortPlainNumber(text) || !/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return text;
    const n = Number(text);
    if (!Number.isFinite(n)) return text;
    if (Math.floor(n) === n) return BigInt(n).toString();
    const [mantissa, exponent] = n.toExponential().split('e');
    return +exponent < -4 ? `${mantissa}e-${String(-exponent).padStart(2, '0')}` : String(n);
  }

  /** A field's or an extension's value in canonical form; empty when only whitespace was given. */
  function canonicalValue(raw, vocabulary, prefixes) {
    let text = trim(raw);
    if (!text) return text;
    const terms = VOCABULARY[vocabulary];
    if (terms && !text.includes(':') && terms[1].has(text)) text = terms[0] + text;
    text = expandValue(prefixes, text).replace(CBV_URN, (all, kind) => 'https://ref.gs1.org/cbv/' + CBV_WEB[kind]);
    text = canonicalNumber(text);
    return digitalLink(text) ?? text;
  }

  const TIMESTAMP = new RegExp(`^(${D}{4})-(${D}{2})-(${D}{2})[Tt](${D}{2}):(${D}{2}):(${D}{2})(?:\\.(${D}+))?([Zz]|[+-]${D}{2}:?${D}{2})?\\n?$`, 'u');
  const TIME_RANGE = [-62135596800000, 253402300799999]; // DateTime: 0001-01-01 .. 9999-12-31T23:59:59.999Z

  /** int.Parse takes only ASCII digits: another digit makes the event unhashable, as in C#. */
  const int = s => {
    if (!ascii(s)) throw new Error(`The input string '${s}' was not in a correct format.`);
    return Number(s);
  };

  /** An xsd:dateTimeStamp in UTC to the millisecond (half up), without offset taken as UTC; anything else as written. */
  function timestamp(raw) {
    const text = trim(raw);
    if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/.test(text)) return text;
    const m = TIMESTAMP.exec(text);
    if (!m) return text;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(int);
    const days = [31, y % 4 || (y % 100 === 0 && y % 400) ? 28 : 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    if (y < 1 || !days || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return text; // no such DateTime
    const local = new Date(0);
    local.setUTCFullYear(y, mo - 1, d);
    local.setUTCHours(h, mi, s);
    const fraction = (m[7] || '').padEnd(4, '0');
    const outOfRange = t => {
      if (t < TIME_RANGE[0] || t > TIME_RANGE[1]) throw new RangeError('The added or subtracted value results in an un-representable DateTime.');
      return t;
    };
    let t = outOfRange(local.getTime() + int(fraction.slice(0, 3)) + (fraction.charCodeAt(3) >= 0x35 ? 1 : 0));
    const zone = (m[8] || 'Z').replace(':', '');
    if (zone.length > 1) t = outOfRange(t - (zone[0] === '-' ? -1 : 1) * (int(zone.slice(1, 3)) * 60 + int(zone.slice(3))) * 60000);
    return new Date(t).toISOString();
  }

  // ------------------------------------------------------------ the pre-hash string (PreHash.cs)

  const IGNORED = words('eventID recordTime @context @id @type rdfs:comment comment #text');
  const STANDARD = words('type eventTime eventTimeZoneOffset certificationInfo errorDeclaration epcList parentID inputEPCList childEPCs quantityList childQuantityList inputQuantityList outputEPCList outputQuantityList action transformationID bizStep disposition persistentDisposition readPoint bizLocation bizTransactionList sourceList destinationList sensorElementList ilmd');
  // A sensor block's fields in the reference's order, each [name, vocabulary] ('time': a timestamp; none written: '').
  const blockFields = list => list.map(f => (Array.isArray(f) ? f : [f, '']));
  const SENSOR_METADATA = blockFields([['time', 'time'], ['startTime', 'time'], ['endTime', 'time'], 'deviceID', 'deviceMetadata',
    'rawData', 'dataProcessingMethod', 'bizRules']);
  const SENSOR_REPORT = blockFields([['type', 'MeasurementType'], ['exception', 'SensorAlarmType'], 'deviceID', 'deviceMetadata', 'rawData',
    'dataProcessingMethod', ['time', 'time'], 'microorganism', 'chemicalSubstance', 'value', ['component', 'Component'], 'stringValue',
    'booleanValue', 'hexBinaryValue', 'uriValue', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue', 'uom',
    'coordinateReferenceSystem']);

  /** The JSON objects of a node: itself, or those of a list, nested lists flattened. */
  const objectsOf = node => (isObject(node) ? [node] : Array.isArray(node) ? node.flatMap(objectsOf) : []);

  /** The pre-hash string of an event: its fields in the canonical order, each list sorted, then every extension sorted. */
  function buildPreHash(event, prefixes) {
    const eventType = trim(scalar(own(event, 'type')) ?? '');
    if (!eventType) throw new Error('An EPCIS event needs a "type" (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent).');

    /** The canonical form of each non-empty value of a field, a list flattened ('time': a timestamp). */
    const values = (node, vocabulary = '') => {
      if (Array.isArray(node)) return node.flatMap(item => values(item, vocabulary));
      const raw = scalar(node);
      const value = raw === null ? '' : vocabulary === 'time' ? timestamp(raw) : canonicalValue(raw, vocabulary, prefixes);
      return value ? [value] : [];
    };
    const named = (name, list) => sorted(list).map(v => `${name}=${v}`).join('');
    const inOrder = (node, name, vocabulary) => values(node, vocabulary).map(v => `${name}=${v}`).join('');
    const joined = list => sorted(list).join('');

    /** A user extension: {ns}name=value, or {ns}name and its children sorted; a list repeats the name per element. */
    const extension = (key, node) => {
      if (Array.isArray(node)) return node.flatMap(item => extension(key, item));
      if (isObject(node)) return [expandKey(prefixes, key) + joined(extensions(node))];
      const value = scalar(node) === null ? '' : canonicalValue(scalar(node), '', prefixes);
      return [expandKey(prefixes, key) + (value ? `=${value}` : '')];
    };
    const extensions = (parent, except = []) => Object.entries(parent)
      .flatMap(([key, value]) => (IGNORED.has(key) || except.includes(key) ? [] : extension(key, value)));

    const field = (name, vocabulary) => named(name, values(own(event, name), vocabulary));
    const epcList = name => { const list = values(own(event, name)); return list.length ? name + named('epc', list) : ''; };
    const list = (name, elements) => { const kept = elements.filter(e => e); return kept.length ? name + joined(kept) : ''; };
    const quantityList = name => list(name, objectsOf(own(event, name)).map(q => {
      const element = inOrder(own(q, 'epcClass'), 'epcClass') + inOrder(own(q, 'quantity'), 'quantity') + inOrder(own(q, 'uom'), 'uom');
      return element && 'quantityElement' + element;
    }));
    const location = name => {
      const node = own(event, name);
      const ids = values(isObject(node) ? own(node, 'id') : node), more = isObject(node) ? extensions(node, ['id']) : [];
      return ids.length + more.length ? name + named('id', ids) + joined(more) : '';
    };
    /** bizTransactionList, sourceList, destinationList: each element its type (if any) then its identifier. */
    const typedList = (name, element, vocabulary) => list(name, objectsOf(own(event, name))
      .map(t => inOrder(own(t, 'type'), 'type', vocabulary) + inOrder(own(t, element), element)));
    /** sensorMetadata or sensorReport: its fields in order, then its own extensions sorted. */
    const block = (name, node, fields) => {
      const body = fields.map(([f, vocabulary]) => named(f, values(own(node, f), vocabulary))).join('') + joined(extensions(node, fields.map(f => f[0])));
      return body && name + body;
    };

    const eventExtensions = [];
    let text = `eventType=${eventType}` + field('eventTime', 'time') + field('eventTimeZoneOffset') + field('certificationInfo');
    // errorDeclaration after the time, as the reference places it; its extensions go with the event's.
    const declaration = own(event, 'errorDeclaration');
    if (isObject(declaration)) {
      const time = values(own(declaration, 'declarationTime'), 'time'), reason = values(own(declaration, 'reason'), 'ErrorReason');
      const corrective = values(own(declaration, 'correctiveEventIDs'));
      if (time.length + reason.length + corrective.length) {
        text += 'errorDeclaration' + named('declarationTime', time) + named('reason', reason)
          + (corrective.length ? 'correctiveEventIDs' + named('correctiveEventID', corrective) : '');
      }
      const more = extensions(declaration, ['declarationTime', 'reason', 'correctiveEventIDs']);
      if (more.length) eventExtensions.push('errorDeclaration' + joined(more));
    }
    text += epcList('epcList') + field('parentID') + epcList('inputEPCList') + epcList('childEPCs') + quantityList('quantityList')
      + quantityList('childQuantityList') + quantityList('inputQuantityList') + epcList('outputEPCList') + quantityList('outputQuantityList')
      + field('action') + field('transformationID') + field('bizStep', 'BizStep') + field('disposition', 'Disposition');
    const persistent = own(event, 'persistentDisposition');
    if (isObject(persistent)) {
      const set = values(own(persistent, 'set'), 'Disposition'), unset = values(own(persistent, 'unset'), 'Disposition');
      if (set.length + unset.length) text += 'persistentDisposition' + named('set', set) + named('unset', unset);
    }
    // The reference's vectors put destinationList before sourceList; the vectors define the hash.
    text += location('readPoint') + location('bizLocation') + typedList('bizTransactionList', 'bizTransaction', 'BizTransactionType')
      + typedList('destinationList', 'destination', 'SourceDestinationType') + typedList('sourceList', 'source', 'SourceDestinationType')
      + list('sensorElementList', objectsOf(own(event, 'sensorElementList')).map(element => {
        const metadata = own(element, 'sensorMetadata');
        const body = (isObject(metadata) ? block('sensorMetadata', metadata, SENSOR_METADATA) : '')
          + joined(objectsOf(own(element, 'sensorReport')).map(r => block('sensorReport', r, SENSOR_REPORT)))
          + joined(extensions(element, ['sensorMetadata', 'sensorReport']));
        return body && 'sensorElement' + body;
      }));
    const ilmd = own(event, 'ilmd');
    const fields = isObject(ilmd) ? extensions(ilmd) : [];
    if (fields.length) text += 'ilmd' + joined(fields);
    for (const [key, value] of Object.entries(event)) {
      if (!STANDARD.has(key) && !IGNORED.has(key)) eventExtensions.push(...extension(key, value));
    }
    return text + joined(eventExtensions);
  }

  /** The pre-hash string of an event (an object, or its JSON text); its own @context is honoured. */
  function preHash(event) {
    const e = typeof event === 'string' ? parseJson(event) : event;
    if (!isObject(e)) throw new TypeError('An EPCIS event is a JSON object.');
    return buildPreHash(e, withContext(STANDARD_PREFIXES, own(e, '@context')));
  }

  /** The event's CBV 2.0 hash ID: ni:///sha-256;<hex of SHA-256 of the pre-hash's UTF-8>?ver=CBV2.0. */
  const eventHashId = async event => `ni:///sha-256;${hex(await sha256(utf8.encode(preHash(event))))}?ver=CBV2.0`;

  // ------------------------------------------------------------ Merkle proofs (MerkleHash.cs, MerkleProofs.cs)

  const leafHash = data => sha256(concat([0], data));
  const nodeHash = (left, right) => sha256(concat([1], left, right));

  /** Why leaf is not leaf index of the tree of size leaves with this root (RFC 9162 §2.1.3.2), or null. */
  async function inclusionFailure(index, size, leaf, proof, root) {
    if (index < 0 || size < 0) return `the index (${index}) and the size (${size}) must not be negative`;
    if (index >= size) return `the index ${index} is beyond the tree size ${size}`;
    const i = BigInt(index);
    const inner = (i ^ BigInt(size - 1)).toString(2).replace(/^0$/, '').length; // below where the paths to index and size-1 part
    const border = (i >> BigInt(inner)).toString(2).replaceAll('0', '').length;
    if (proof.length !== inner + border) return `the proof has ${proof.length} hashes, a proof for leaf ${index} of ${size} has ${inner + border}`;
    let hash = leaf;
    for (let k = 0; k < proof.length; k++) {
      hash = k < inner && !((i >> BigInt(k)) & 1n) ? await nodeHash(hash, proof[k]) : await nodeHash(proof[k], hash);
    }
    return sameBytes(hash, root) ? null
      : `the root calculated from the proof (${toBase64(hash)}) is not the expected root (${toBase64(root)})`;
  }

  // ------------------------------------------------------------ signed notes (NoteVerifierKey.cs, SignedNotes.cs, Checkpoint.cs)

  const isName = name => name.length > 0 && !name.includes('+') && !new RegExp(SPACE).test(name);

  /** A verifier key <name>+<hex id>+<base64(0x01 ‖ key)>: { name, id, key (null: no Ed25519 here) }, or { failure }. */
  async function readKey(text) {
    const [name, id, encoded] = splitN(typeof text === 'string' ? text : '', '+', 3);
    if (encoded === undefined || !isName(name) || !/^[0-9A-Fa-f]{8}$/.test(id)) return { failure: 'the verifier key is not of the form name+hexid+base64key' };
    const bytes = fromBase64(encoded);
    if (!bytes) return { failure: "the verifier key's public key is not base64" };
    if (bytes.length !== 33 || bytes[0] !== 1) return { failure: 'the verifier key is not an Ed25519 key (0x01 followed by 32 bytes)' };
    const raw = bytes.slice(1);
    if (uint32(await sha256(concat(utf8.encode(name), [10], bytes))) !== parseInt(id, 16)) {
      return { failure: "the verifier key's id does not match its name and public key" };
    }
    try {
      return { name, id: parseInt(id, 16), key: await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']) };
    } catch (error) {
      return error.name === 'NotSupportedError' ? { name, id: parseInt(id, 16), key: null }
        : { failure: "the verifier key's public key is not a valid Ed25519 key" };
    }
  }

  /** Opens a signed note signed by the key (others' signatures ignored): { text, unchecked } or { failure }. */
  async function openNote(note, key) {
    if (key.failure) return key;
    const label = `${key.name}+${key.id.toString(16).padStart(8, '0')}`;
    const malformed = why => ({ failure: `malformed note: ${why}` });
    // Control characters but "\n", or a lone surrogate.
    if (!note || /[\0-\t\v-\x1f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(note)) {
      return malformed('it must be UTF-8 text without control characters other than newlines');
    }
    const split = note.lastIndexOf('\n\n');
    if (split < 0) return malformed('no blank line before the signatures');
    const text = note.slice(0, split + 1), signatures = note.slice(split + 2);
    if (!signatures.endsWith('\n')) return malformed('the signatures must end with a newline');
    const lines = signatures.slice(0, -1).split('\n');
    if (lines.length > 100) return malformed('too many signatures');
    let signed = false;
    for (const line of lines) {
      if (!line.startsWith('\u2014 ')) return malformed("a signature line does not start with '— '");
      const [name, encoded = ''] = splitN(line.slice(2), ' ', 2);
      const signature = fromBase64(encoded);
      if (!isName(name) || !encoded || !signature || signature.length < 5) return malformed("a signature line is not '— <name> <base64>'");
      if (name !== key.name || uint32(signature) !== key.id) continue; // another key's signature
      if (key.key && !await subtle.verify('Ed25519', key.key, signature.slice(4), utf8.encode(text)).catch(() => false)) {
        return { failure: `invalid signature for key ${label}` };
      }
      signed = true;
    }
    return signed ? { text, unchecked: !key.key } : { failure: `the note has no signature by key ${label} (unknown key)` };
  }

  /** A checkpoint's note text, read strictly: { origin, size (decimal text), root } or { failure }. */
  function readCheckpoint(text) {
    const lines = text.slice(0, -1).split('\n'), [origin, size, root] = lines;
    const bad = why => ({ failure: `malformed checkpoint: ${why}` });
    if (!text.endsWith('\n')) return bad('a checkpoint must end with a newline');
    if (lines.length < 3) return bad('a checkpoint has at least three lines: origin, size and root');
    if (lines.includes('')) return bad('a checkpoint has no empty lines');
    if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) >= 2n ** 63n) return bad(`the size line '${size}' is not a decimal number without leading zeros`);
    const bytes = root.length === 44 && fromBase64(root);
    if (!bytes || bytes.length !== 32 || toBase64(bytes) !== root) return bad(`the root line '${root}' is not the base64 of a 32-byte hash`);
    return { origin, size, root: bytes };
  }

  // ------------------------------------------------------------ the bundle (ProofBundle.cs, BundleVerifier.cs)

  /** The origin of a facility's log, given any origin of the same platform (LedgerOrigins.Of). */
  const originFor = (anyOrigin, facility) => {
    const cut = anyOrigin.lastIndexOf('/facility/');
    return cut < 0 ? '' : `${anyOrigin.slice(0, cut)}/facility/${escapeData(facility)}`;
  };

  // The document's shape as ProofBundle.Parse requires it: s string, i integer, t time, o object, [x] list, ? optional.
  const SHAPE = {
    format: 's', lot: { gtin: 's', lot: 's', uri: 's' }, createdAt: 't', signingKey: 's', anchorStatus: 's',
    events: [{ eventId: 's', record: 's', facility: 's', origin: 's', leafIndex: 'i', treeSize: 'i', inclusionProof: ['s'], event: 'o' }],
    checkpoints: [{ facility: 's', origin: 's', size: 'i', root: 's', note: 's', cutAt: 't' }],
    'anchor?': { chainId: 'i', contract: 's', transactionHash: 's', blockNumber: 'i', blockHash: 's', logIndex: 'i', sequence: 'i',
      logs: 'i', root: 's', anchoredAt: 't', checkpoints: [{ origin: 's', size: 'i', leafIndex: 'i', inclusionProof: ['s'] }] },
  };
  /** Where a value departs from the shape, or null. */
  function shapeProblem(value, shape, where) {
    if (Array.isArray(shape)) {
      return Array.isArray(value) ? value.map((v, i) => shapeProblem(v, shape[0], `${where}[${i}]`)).find(p => p) ?? null : `${where} is not a list`;
    }
    if (typeof shape === 'object') {
      if (!isObject(value)) return `${where} is not an object`;
      return Object.entries(shape).map(([name, s]) => {
        const field = name.replace('?', ''), v = own(value, field);
        return name.endsWith('?') && (v === undefined || v === null) ? null : shapeProblem(v, s, `${where}.${field}`);
      }).find(p => p) ?? null;
    }
    const ok = { s: typeof value === 'string', i: Number.isSafeInteger(value), o: isObject(value),
      t: typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) && !Number.isNaN(Date.parse(value)) }[shape];
    return ok ? null : `${where} is missing or not of its type`;
  }

  /** DateTimeOffset with the "u" format, as the C# writes the anchoring time: yyyy-MM-dd HH:mm:ssZ in UTC. */
  const universal = iso => new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');

  // What the page says of each check in Vietnamese (English pages show the statement itself): [holds, fails].
  const VI = {
    bundle: [, 'tài liệu nhận được không phải gói bằng chứng'], format: [, 'định dạng gói bằng chứng này không được hỗ trợ'], crypto: [, 'trình duyệt không cho dùng WebCrypto ở trang này (trang phải được tải qua HTTPS)'],
    fetch: [, 'không tải được gói bằng chứng'], key: ['kiểm tra chữ ký bằng khóa của nền tảng do trang cung cấp'],
    bundleKey: ['kiểm tra chữ ký bằng khóa do chính gói nêu; hãy đối chiếu với khóa nền tảng công bố'],
    signature: ['chữ ký hợp lệ', 'chữ ký không hợp lệ'], unchecked: ['thiết bị này không kiểm tra được chữ ký (trình duyệt không hỗ trợ Ed25519)'],
    checkpoint: [, 'nguồn, kích thước hoặc gốc khác với bản đã ký'], noCheckpoint: [, 'gói không có điểm chốt nào'],
    origin: [, 'điểm chốt không thuộc nhật ký của cơ sở được nêu'], event: ['mã băm khớp nội dung và sự kiện nằm trong nhật ký đã ký'],
    altered: [, 'nội dung đã bị sửa sau khi được ghi (mã băm không khớp)'], facility: [, 'sự kiện không nằm trong nhật ký của cơ sở đã ghi nó'],
    inclusion: [, 'không chứng minh được sự kiện nằm trong nhật ký đã ký'],
    lot: ['gói có sự kiện đóng gói lô và sự kiện tạo ra mọi đầu vào của chuỗi truy xuất', 'gói không chứa sự kiện đóng gói lô này'],
    input: [, 'thiếu sự kiện tạo ra một đầu vào: chuỗi truy xuất không đầy đủ'],
    recall: [, 'lô bị thu hồi bởi một cơ sở không đóng gói lô này'],
    anchor: ['mọi điểm chốt nằm trong lần neo trên chuỗi khối', 'bản neo trên chuỗi khối không chứng minh được các điểm chốt'],
    unanchored: ['đã ký, chưa neo lên chuỗi khối'],
  };

  /**
   * Checks a proof bundle (an object, or its JSON text) as BundleVerifier.Verify does, with verifierKey, else with the key
   * the bundle names: { verified, signature: 'verified' | 'failed' | 'unsupported', findings: [{ holds, subject, statement,
   * check, vi }], checkpointAt (ISO time of the newest checkpoint), anchor }.
   */
  async function verifyBundle(bundle, verifierKey) {
    const findings = [];
    // check: a key of VI, for Vietnamese pages; vi: the subject in Vietnamese.
    const add = (holds, subject, statement, check, vi = subject) => findings.push({ holds, subject, statement, check, vi });
    let signature = 'failed';
    const done = () => {
      const times = isObject(bundle) && Array.isArray(bundle.checkpoints) ? bundle.checkpoints.map(c => Date.parse(own(c, 'cutAt'))).filter(t => !Number.isNaN(t)) : [];
      const a = isObject(bundle) ? own(bundle, 'anchor') : null;
      return {
        verified: findings.length > 0 && findings.every(f => f.holds), signature, findings,
        checkpointAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
        anchor: isObject(a) ? (({ chainId, contract, transactionHash, blockNumber, sequence, anchoredAt }) => ({ chainId, contract, transactionHash, blockNumber, sequence, anchoredAt }))(a) : null,
      };
    };

    if (typeof bundle === 'string') {
      try { bundle = parseJson(bundle); } catch { bundle = undefined; }
    }
    const problem = shapeProblem(bundle, SHAPE, '$');
    if (problem || bundle.format !== FORMAT) {
      add(false, 'bundle', problem ? `not a proof bundle: ${problem}` : `format '${bundle.format}' is not '${FORMAT}'`, problem ? 'bundle' : 'format', 'gói bằng chứng');
      return done();
    }
    if (!subtle) {
      add(false, 'browser', 'this page has no WebCrypto (it must be served over HTTPS): nothing can be checked here', 'crypto', 'trình duyệt');
      return done();
    }

    const keyText = verifierKey ?? bundle.signingKey;
    add(true, 'key', verifierKey == null
      ? `checking signatures with the key the bundle names (${keyText}); compare it with the platform key this page names`
      : `checking signatures with the given key (${keyText})`, verifierKey == null ? 'bundleKey' : 'key', 'khóa');

    // Checkpoints: the roots whose signature and fields hold, by origin and size.
    const key = await readKey(keyText);
    const roots = new Map();
    const checkpointVi = c => `điểm chốt ${c.origin} (${c.size} bản ghi)`;
    let unchecked = false;
    signature = bundle.checkpoints.length ? 'verified' : 'failed';
    if (!bundle.checkpoints.length) add(false, 'checkpoints', 'the bundle holds no checkpoint', 'noCheckpoint', 'điểm chốt');
    for (const c of bundle.checkpoints) {
      const subject = `checkpoint ${c.origin} at size ${c.size}`;
      const no = (statement, check = 'checkpoint') => add(false, subject, statement, check, checkpointVi(c));
      const opened = await openNote(c.note, key);
      const signed = opened.failure ? opened : readCheckpoint(opened.text);
      const root = fromBase64(c.root);
      if (signed.failure) {
        signature = 'failed';
        no(`signature does not verify: ${signed.failure}`, 'signature');
      } else if (!root) no('its root is not base64');
      else if (signed.origin !== c.origin || BigInt(signed.size) !== BigInt(c.size) || !sameBytes(signed.root, root)) {
        no(`the signed note says origin '${signed.origin}', size ${signed.size}, root ${toBase64(signed.root)}, not what the bundle lists`);
      } else if (c.origin !== originFor(c.origin, c.facility)) no(`its origin is not the log of facility '${c.facility}'`, 'origin');
      else {
        unchecked ||= opened.unchecked;
        add(true, subject, opened.unchecked ? 'signature could not be checked on this device (this browser has no Ed25519); the note says the listed origin, size and root'
          : 'signature verifies', opened.unchecked ? 'unchecked' : 'signature', checkpointVi(c));
        roots.set(`${c.origin}\n${c.size}`, root);
      }
    }
    if (unchecked && signature === 'verified') signature = 'unsupported';

    // Events: hash, eventID, facility, checkpoint, log, inclusion proof.
    const n = bundle.events.length;
    for (const [i, e] of bundle.events.entries()) {
      const subject = `event ${i + 1} of ${n} (${e.record}, ${e.eventId})`;
      const vi = `sự kiện ${i + 1}/${n} (${e.record}, ${e.eventId})`;
      const no = (statement, check) => add(false, subject, statement, check, vi);
      let computed;
      try {
        computed = await eventHashId(e.event);
      } catch (error) {
        no(`its content cannot be hashed: ${error.message}`, 'altered');
        continue;
      }
      const id = own(e.event, 'eventID'), claimed = nodeText(own(own(e.event, 'ilmd'), 'tr:facility') ?? own(e.event, 'tr:facility'));
      const root = roots.get(`${e.origin}\n${e.treeSize}`), path = e.inclusionProof.map(fromBase64);
      if (computed !== e.eventId) no(`its content hashes to ${computed}, not to its hash ID: the event was altered after it was recorded`, 'altered');
      else if (scalar(id) !== null && scalar(id) !== e.eventId) no(`its eventID field says ${scalar(id)}, not its hash ID`, 'altered');
      else if (claimed !== null && claimed !== `https://id.traceability.vn/facility/${escapeData(e.facility)}`) {
        no(`it names facility ${claimed} but sits in the log of '${e.facility}'`, 'facility');
      } else if (!root) no(`no verified checkpoint of ${e.origin} at size ${e.treeSize} in the bundle to prove it against`, 'inclusion');
      else if (originFor(e.origin, e.facility) !== e.origin) no(`log ${e.origin} is not the log of facility '${e.facility}'`, 'facility');
      else if (path.includes(null)) no('its inclusion proof is not base64', 'inclusion');
      else {
        const digest = Uint8Array.from(e.eventId.slice(14, 78).match(/../g), x => parseInt(x, 16));
        const failure = await inclusionFailure(e.leafIndex, e.treeSize, await leafHash(digest), path, root);
        if (failure) no(`leaf ${e.leafIndex} is not proved in the signed log of ${e.treeSize} leaves: ${failure}`, 'inclusion');
        else add(true, subject, `hash matches its content; leaf ${e.leafIndex} is in the signed log of ${e.treeSize} leaves`, 'event', vi);
      }
    }

    completeness(bundle, add);
    recalls(bundle, add);
    await anchoring(bundle, roots, add, checkpointVi);
    return done();
  }

  // What an event creates and takes: the classes of its quantity lists and its EPCs.
  const texts = list => (Array.isArray(list) ? list.map(nodeText).filter(x => x !== null) : []);
  const classes = list => (Array.isArray(list) ? texts(list.filter(isObject).map(q => own(q, 'epcClass'))) : []);
  const items = (e, quantities, epcs) => [...classes(own(e, quantities)), ...texts(own(e, epcs))];
  const field = (e, name) => nodeText(own(e, name));
  const outputs = e => (field(e, 'type') === 'TransformationEvent' ? items(e, 'outputQuantityList', 'outputEPCList')
    : field(e, 'type') === 'ObjectEvent' && field(e, 'action') === 'ADD' ? items(e, 'quantityList', 'epcList') : []);
  const lotUri = lot => `https://id.gs1.org/01/${lot.gtin}/10/${escapeData(lot.lot)}`;

  /** The bundle must hold the lot's packing and the creation of every input its events take. */
  function completeness(bundle, add) {
    const label = 'lô';
    const expected = lotUri(bundle.lot);
    if (bundle.lot.uri !== expected) {
      add(false, 'lot', `its URI ${bundle.lot.uri} is not that of GTIN ${bundle.lot.gtin} lot ${bundle.lot.lot} (${expected})`, 'lot', label);
      return;
    }
    const created = new Set(bundle.events.flatMap(e => outputs(e.event)));
    if (!created.has(expected)) {
      add(false, 'lot', `no event in the bundle packs ${expected}`, 'lot', label);
      return;
    }
    let missing = 0;
    for (const e of bundle.events) {
      for (const input of field(e.event, 'type') === 'TransformationEvent' ? items(e.event, 'inputQuantityList', 'inputEPCList') : []) {
        if (created.has(input)) continue;
        missing++;
        add(false, `${e.record} (${e.eventId})`, `takes input ${input}, but no event in the bundle creates it: the trace is incomplete`, 'input', `${e.record} (${e.eventId}): ${input}`);
      }
    }
    if (!missing) {
      add(true, 'lot', `the bundle holds the packing of ${expected} and the creation of every input of its backward trace (${bundle.events.length} events)`, 'lot', label);
    }
  }

  /** A withdrawal or recall of the lot must come from a facility that packed it; only a breach is a finding. */
  function recalls(bundle, add) {
    const lot = lotUri(bundle.lot);
    const packers = new Set(bundle.events.filter(e => outputs(e.event).includes(lot)).map(e => e.facility));
    for (const e of bundle.events) {
      const done = own({ recalled: 'recalled', non_sellable_other: 'withdrawn' }, field(e.event, 'disposition'));
      if (done && field(e.event, 'bizStep') === 'holding' && classes(own(e.event, 'quantityList')).includes(lot) && !packers.has(e.facility)) {
        add(false, `${e.record} (${e.eventId})`, `says the lot is ${done}, but facility '${e.facility}' did not pack it`, 'recall');
      }
    }
  }

  /** Each checkpoint's audit path in the anchor's root (leaf data: its note text); the chain is not queried from here. */
  async function anchoring(bundle, roots, add, checkpointVi) {
    const label = 'neo';
    const anchor = own(bundle, 'anchor');
    if (!isObject(anchor)) {
      if (bundle.anchorStatus === ANCHORED) add(false, 'anchor', 'the bundle says it is anchored but carries no anchor', 'anchor', label);
      else add(true, 'anchor', "signed, not anchored: the checkpoints are signed by the platform's key; no chain transaction fixes when", 'unanchored', label);
      return;
    }
    if (bundle.anchorStatus !== ANCHORED) add(false, 'anchor', `the bundle carries an anchor but says '${bundle.anchorStatus}'`, 'anchor', label);
    const anchorRoot = fromBase64(anchor.root);
    if (!anchorRoot) {
      add(false, 'anchor', 'its root is not base64', 'anchor', label);
      return;
    }
    let failed = false;
    for (const c of bundle.checkpoints) {
      const subject = `checkpoint ${c.origin} at size ${c.size}`;
      const proof = anchor.checkpoints.find(p => p.origin === c.origin && p.size === c.size), root = roots.get(`${c.origin}\n${c.size}`);
      const path = proof && proof.inclusionProof.map(fromBase64);
      const leaf = root && await leafHash(utf8.encode(`${c.origin}\n${c.size}\n${toBase64(root)}\n`));
      const failure = !proof ? 'the anchor does not cover it'
        : !root ? 'cannot be proved in the anchor: its own signature does not verify'
          : path.includes(null) ? 'its anchor proof is not base64'
            : await inclusionFailure(proof.leafIndex, anchor.logs, leaf, path, anchorRoot).then(f => f && `is not proved in the anchored root: ${f}`);
      if (failure) {
        failed = true;
        add(false, subject, failure, 'anchor', checkpointVi(c));
      }
    }
    if (!failed) {
      add(true, 'anchor', `every checkpoint is in anchor ${anchor.sequence} (root ${anchor.root}), transaction ${anchor.transactionHash} in block ${anchor.blockNumber} of chain ${anchor.chainId} at ${universal(anchor.anchoredAt)}; checked offline (this page does not query the chain)`, 'anchor', label);
    }
  }

  // ------------------------------------------------------------ the page

  const SAYS = {
    vi: { verified: 'Đã xác minh trên thiết bị này', failed: 'Không xác minh được', newest: 'điểm chốt mới nhất',
      anchored: (c, t, b) => `neo trên chuỗi khối ${c}, giao dịch ${t}, khối ${b}`,
      unsupported: 'chữ ký chưa kiểm tra được trên thiết bị này (trình duyệt không hỗ trợ Ed25519)',
      bundleKey: 'chữ ký được kiểm tra bằng khóa do chính gói nêu' },
    en: { verified: 'Verified on this device', failed: 'Verification failed', newest: 'newest checkpoint',
      anchored: (c, t, b) => `anchored on chain ${c}, transaction ${t}, block ${b}`,
      unsupported: 'the signature could not be checked on this device (this browser has no Ed25519)',
      bundleKey: 'signatures checked with the key the bundle itself names' },
  };

  /** A finding as the page shows it: [subject, statement] in the page's language. */
  const shown = (f, lang) => (lang === 'en' ? [f.subject, f.statement] : [f.vi, VI[f.check][f.holds ? 0 : 1]]);

  /** Fetches the proof named by data-proof and checks it; a proof that does not arrive fails. */
  async function check(section, key) {
    const failed = (statement, detail) => ({ verified: false, signature: 'failed', checkpointAt: null, anchor: null,
      findings: [{ holds: false, subject: 'proof', statement, check: 'fetch', vi: `bằng chứng (${detail})` }] });
    const url = section.getAttribute('data-proof');
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (!response.ok) return [failed(`the proof bundle ${url} could not be fetched: HTTP ${response.status}`, `HTTP ${response.status}`), 0];
      const bundle = await response.text().then(parseJson).catch(() => undefined);
      return [await verifyBundle(bundle, key), isObject(bundle) && Array.isArray(bundle.events) ? bundle.events.length : 0];
    } catch (error) {
      return [failed(`the proof bundle ${url} could not be fetched or checked: ${error.message}`, error.message), 0];
    }
  }

  async function run(section) {
    const lang = /^en\b/i.test(document.documentElement.lang) ? 'en' : 'vi', says = SAYS[lang];
    const key = section.getAttribute('data-key') || null;
    section.setAttribute('data-state', 'running');
    const [result, events] = await check(section, key);
    section.setAttribute('data-state', result.verified ? 'verified' : 'failed');
    section.setAttribute('data-signature', result.signature);
    section.setAttribute('data-events', events);
    if (result.checkpointAt) section.setAttribute('data-checkpoint', result.checkpointAt);
    const status = section.querySelector('.v-status');
    if (status && result.verified) {
      const a = result.anchor, tx = a && String(a.transactionHash);
      status.textContent = [says.verified,
        result.checkpointAt && `${says.newest}: ${new Date(result.checkpointAt).toLocaleString(lang)}`,
        a && says.anchored(a.chainId, tx.length > 18 ? `${tx.slice(0, 10)}…${tx.slice(-6)}` : tx, a.blockNumber),
        result.signature === 'unsupported' && says.unsupported, !key && says.bundleKey].filter(x => x).join('; ') + '.';
    } else if (status) {
      status.textContent = `${says.failed}: ${shown(result.findings.find(f => !f.holds), lang).join(': ')}`;
    }
    const list = section.querySelector('.v-findings');
    list?.replaceChildren(...result.findings.map(f => {
      const item = document.createElement('li');
      item.className = f.holds ? 'ok' : 'fail';
      item.textContent = shown(f, lang).join(': ');
      return item;
    }));
  }

  window.traceVerify = Object.freeze({ verifyBundle, eventHashId, preHash });

  const start = () => {
    const section = document.getElementById('verification');
    if (section) run(section);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
