internal import Crypto
import Foundation

/// SHA-256 (FIPS 180-4), for recording exactly which scenario file a result came from.
///
/// A fingerprint, not a security measure: results record the hash of the scenario file's bytes, so
/// that `sha256sum scenario.yaml` tells whether a result belongs to a file. The digest is swift-crypto's.
///
/// `Sendable` by hand: swift-crypto's digest state is a copy-on-write value that does not say so.
public struct SHA256: @unchecked Sendable {
    private var hash = Crypto.SHA256()

    public init() {}

    /// The digest of `bytes` as 64 lowercase hexadecimal digits, as `sha256sum` prints it.
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash = SHA256()
        hash.update(bytes)
        let digits = Array("0123456789abcdef")
        return String(hash.finish().flatMap { byte in [digits[Int(byte >> 4)], digits[Int(byte & 15)]] })
    }

    /// Adds `bytes` to the message.
    ///
    /// - Complexity: O(n).
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if done == nil { hash.update(data: Array(bytes)) }
    }

    /// The 32-byte digest of the message added so far.
    public consuming func finish() -> [UInt8] {
        Array(hash.finalize())
    }
}
