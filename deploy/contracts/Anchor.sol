// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Anchor
/// @notice Anchors the traceability platform's ledger on chain: one transaction per interval
/// carries the Merkle root over the newest checkpoint of every facility log. The history lives
/// in the logs (the `Anchored` events); the contract keeps a single storage slot, the last
/// sequence number and the first 24 bytes of the last root, so an anchor costs the same whatever
/// the number of records it covers.
contract Anchor {
    /// @notice The only account allowed to anchor: the deployer.
    address public immutable owner;

    /// @dev One storage slot (8 + 24 bytes). The constructor writes it non-zero, so that every
    /// anchor rewrites a non-zero slot (5,000 gas) rather than filling an empty one (22,100 gas):
    /// `sequence == 0` means "nothing anchored yet", and the prefix is then a placeholder.
    struct Last {
        uint64 sequence;
        bytes24 rootPrefix;
    }

    Last private _last;

    /// @notice A root anchored: the RFC 6962 Merkle root over the facility checkpoints, the
    /// number of logs (checkpoints) it covers, and the platform's anchor sequence number.
    /// Nothing is indexed: the platform records each anchor by transaction hash and log index.
    event Anchored(bytes32 root, uint64 logs, uint64 sequence);

    /// @notice The caller is not the owner.
    error NotOwner();

    /// @notice `sequence` is not greater than the last anchored sequence `last`.
    error SequenceNotIncreasing(uint64 last, uint64 sequence);

    /// @notice `root` is the root anchored last.
    error RootAlreadyAnchored(bytes32 root);

    constructor() {
        owner = msg.sender;
        _last = Last({sequence: 0, rootPrefix: bytes24(type(uint192).max)});
    }

    /// @notice Anchors `root`, covering `logs` facility logs, as anchor number `sequence`.
    /// Reverts unless called by the owner, with a sequence greater than the last one and a root
    /// other than the last one (compared on its first 24 bytes).
    function anchor(bytes32 root, uint64 logs, uint64 sequence) external {
        if (msg.sender != owner) {
            revert NotOwner();
        }

        Last memory last_ = _last;
        if (sequence <= last_.sequence) {
            revert SequenceNotIncreasing(last_.sequence, sequence);
        }

        bytes24 prefix = bytes24(root);
        if (prefix == last_.rootPrefix && last_.sequence != 0) {
            revert RootAlreadyAnchored(root);
        }

        _last = Last({sequence: sequence, rootPrefix: prefix});
        emit Anchored(root, logs, sequence);
    }

    /// @notice The last anchored sequence number and the first 24 bytes of the last root;
    /// (0, 0) before the first anchor.
    function last() external view returns (uint64 sequence, bytes24 rootPrefix) {
        Last memory last_ = _last;
        return last_.sequence == 0 ? (uint64(0), bytes24(0)) : (last_.sequence, last_.rootPrefix);
    }
}
