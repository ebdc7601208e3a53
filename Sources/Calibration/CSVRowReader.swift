import Foundation

/// A streaming RFC 4180 reader over bytes: a file read in 1 MiB blocks, one row at a time, its
/// fields kept as byte ranges of one reused buffer (a field becomes a `String` only when asked).
///
/// Written by hand because the kept library did not meet the target: yaslab/CSV.swift 2.5.2, which
/// streams, reads a log of the generic layout at about 19 µs a row on this project's machines (one
/// `UnicodeScalar` at a time through an `AnyIterator`, a `String` per field), so a million rows
/// take about 19 s against the 10 s the whole fit may take; SwiftCSV 0.10.0 reads the whole file
/// into one `String` first, so memory grows with the rows. benchmarks/RESULTS.md has the numbers.
///
/// Quoting as RFC 4180: a field in double quotes may hold the delimiter, line breaks and `""`
/// for a quote; a quote inside an unquoted field, or text after a closing quote, is kept as it is.
/// Line numbers count every line break (`\n`, `\r\n` or a lone `\r`), inside quotes too.
public final class CSVRowReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var block: [UInt8]
    private var blockCount = 0
    private var position = 0
    private var atEnd = false
    private let delimiter: UInt8
    /// The current row's field bytes, one after the other, and each field's range in them.
    public private(set) var bytes: [UInt8] = []
    public private(set) var fields: [Range<Int>] = []
    /// The line the current row starts on (1-based).
    public private(set) var line = 0
    private var nextLine = 1
    private var pendingCR = false
    public private(set) var readError: Int32 = 0

    /// Opens `path` for reading; nil when it cannot be opened.
    public init?(path: String, delimiter: UInt8) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.fd = fd
        ownsDescriptor = true
        self.delimiter = delimiter
        block = [UInt8](repeating: 0, count: 1 << 20)
        bytes.reserveCapacity(512)
    }

    /// Reads text held in memory (tests).
    public init(data: Data, delimiter: UInt8) {
        fd = -1
        ownsDescriptor = false
        self.delimiter = delimiter
        block = [UInt8](data)
        blockCount = block.count
        atEnd = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Reads the next row; false at the end of the input. A row that is one empty field is a blank line.
    ///
    /// The loop works on local copies of the reader's state (the class's properties would each cost
    /// an exclusivity check per byte) and stores them back at the end.
    public func next() -> Bool {
        var out = bytes, spans = fields
        bytes = []
        fields = []
        out.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        var position = self.position, blockCount = self.blockCount, atEnd = self.atEnd, nextLine = self.nextLine
        var readError = self.readError
        let fd = self.fd, delimiter = self.delimiter
        let found: Bool = block.withUnsafeMutableBufferPointer { buffer in
            @inline(__always) func nextByte() -> UInt8? {
                if position < blockCount {
                    position += 1
                    return buffer[position - 1]
                }
                guard !atEnd else { return nil }
                var n: Int
                repeat { n = read(fd, buffer.baseAddress, buffer.count) } while n < 0 && errno == EINTR
                if n < 0 { readError = errno; atEnd = true; return nil }
                if n == 0 { atEnd = true; return nil }
                blockCount = n
                position = 1
                return buffer[0]
            }
            guard var c = nextByte() else { return false }
            if nextLine == 1, c == 0xEF {
                // A UTF-8 byte-order mark before the header.
                if nextByte() == 0xBB, nextByte() == 0xBF, let d = nextByte() { c = d } else { return false }
            }
            line = nextLine
            var start = 0
            var quoted = false, wasQuoted = false
            while true {
                if quoted {
                    if c == 0x22 {
                        guard let d = nextByte() else { break }
                        if d == 0x22 { out.append(0x22) } else { quoted = false; c = d; continue }
                    } else {
                        if c == 0x0D || (c == 0x0A && out.last != 0x0D) { nextLine += 1 }
                        out.append(c)
                    }
                } else if c == delimiter {
                    spans.append(start..<out.count)
                    start = out.count
                    wasQuoted = false
                } else if c == 0x0A {
                    nextLine += 1
                    spans.append(start..<out.count)
                    return true
                } else if c == 0x0D {
                    nextLine += 1
                    spans.append(start..<out.count)
                    if let d = nextByte(), d != 0x0A { position -= 1 }
                    return true
                } else if c == 0x22, out.count == start, !wasQuoted {
                    quoted = true
                    wasQuoted = true
                } else {
                    out.append(c)
                }
                guard let d = nextByte() else { break }
                c = d
            }
            spans.append(start..<out.count)
            return true
        }
        bytes = out
        fields = spans
        self.position = position
        self.blockCount = blockCount
        self.atEnd = atEnd
        self.nextLine = nextLine
        self.readError = readError
        return found
    }

    public var count: Int { fields.count }

    @inline(__always) public func isEmpty(_ i: Int) -> Bool { fields[i].isEmpty }

    public func string(_ i: Int) -> String {
        let r = fields[i]
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    @inline(__always) public func withBytes<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let r = fields[i]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// Every field of the row as text.
    public var strings: [String] { fields.indices.map(string) }
}
