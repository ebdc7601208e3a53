import Interchange
import Testing

@Suite struct FileNameTests {
    @Test(arguments: ["/../../../x/thesis", "..", ".", "a/b", "a\\b", "", "tab\there", "esc\u{1B}[2J", "nul\u{0}",
                      "rtl\u{202E}gpj.exe", String(repeating: "x", count: 201)])
    func refused(_ name: String) {
        #expect(FileName.problem(name) != nil, "\(name.debugDescription) accepted")
    }

    @Test(arguments: ["campus-baseline", "新校区 方案", "a.b", "plan (2)", String(repeating: "x", count: 200)])
    func accepted(_ name: String) {
        #expect(FileName.problem(name) == nil)
    }

    @Test func printableEscapesTerminalControl() {
        let osc52 = "id\u{1B}]52;c;ZWNobyBoaQ==\u{7}\u{9B}2J"
        let shown = FileName.printable(osc52)
        #expect(!shown.unicodeScalars.contains { FileName.isControl($0) })
        #expect(shown == "id\\u{1b}]52;c;ZWNobyBoaQ==\\u{7}\\u{9b}2J")
        #expect(FileName.printable("two\nlines\tok") == "two\nlines\tok")
    }
}
