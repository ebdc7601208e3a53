import Foundation

/// HTML text built by the pages; every value from a file or a request goes through `escape`.
enum HTML {
    /// `text` with `& < > " '` replaced by their entities, safe in element content and in quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `text` as a query-string component.
    static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A whole page: the studio's header and navigation around `body`.
    static func page(title: String, csrf: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="\(escape(csrf))">
        <title>\(escape(title)) — OneStop Studio</title>
        <link rel="stylesheet" href="/assets/studio.css">
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
        <script src="/assets/studio.js" defer></script>
        </head><body>
        <header><a href="/" class="brand">OneStop Studio</a><nav><a href="/">Scenarios and results</a><a href="/compare">Compare</a></nav></header>
        <main>
        \(body)
        </main></body></html>
        """
    }

    /// A hidden field carrying the CSRF token (in every form).
    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    /// A verdict as a coloured badge.
    static func verdict(_ status: String) -> String {
        let known = ["pass", "fail", "undecided"].contains(status) ? status : "other"
        return "<span class=\"verdict verdict-\(known)\">\(escape(status))</span>"
    }
}
