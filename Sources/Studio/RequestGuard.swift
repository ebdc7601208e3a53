import Foundation
import Hummingbird

/// The checks every request passes before a route sees it:
///
/// - the `Host` header names the address the studio listens on (a page of another site that
///   points its own name at 127.0.0.1, DNS rebinding, is refused);
/// - with an access token (`--host`), the request carries it (`?token=` once, then the cookie);
/// - an `Origin` header, when sent, is the studio's own;
/// - a request that changes something (not GET or HEAD) carries the CSRF token, in the
///   `X-CSRF-Token` header or the form's `csrf` field;
/// - a body is at most `maximumBodyBytes`.
///
/// Every response gets headers that keep the pages from being framed or sniffed, and a content
/// security policy that allows only the studio's own scripts.
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    let settings: StudioSettings
    var listening: ListeningPort? = nil

    static var tokenCookie: String { "onestop_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let host = request.headers[.hostHeader] ?? request.head.authority ?? ""
        guard allowedHosts.contains(host.lowercased()) else {
            return Self.refusal(.forbidden, "This studio answers only at \(settings.url); the request named the host '\(host)'.")
        }
        if let origin = request.headers[.origin], origin != "http://\(host)" {
            return Self.refusal(.forbidden, "Requests from another site (\(origin)) are refused.")
        }
        var setCookie: String?
        if let token = settings.accessToken {
            let given = request.uri.queryParameters["token"].map(String.init)
            let cookie = Self.cookie(Self.tokenCookie, in: request.headers[.cookie] ?? "")
            if given.map({ Self.same($0, token) }) == true {
                setCookie = "\(Self.tokenCookie)=\(token); Path=/; HttpOnly; SameSite=Strict"
            } else if cookie.map({ Self.same($0, token) }) != true {
                return Self.refusal(.unauthorized, "Open the address with the token that `onestop serve` printed (…/?token=…).")
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maximumBodyBytes {
            return Self.refusal(.contentTooLarge, "The request holds \(length) bytes; the studio accepts at most \(settings.maximumBodyBytes).")
        }
        if request.method != .get, request.method != .head {
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: settings.maximumBodyBytes)
            } catch {
                return Self.refusal(.contentTooLarge, "The request is larger than the \(settings.maximumBodyBytes) bytes the studio accepts.")
            }
            let header = request.headers[.csrfToken]
            let field = Self.isForm(request) ? Form(String(buffer: body))["csrf"] : nil
            guard let presented = header ?? field, Self.same(presented, settings.csrfToken) else {
                return Self.refusal(.forbidden, "The form is stale or comes from elsewhere (no valid CSRF token); reload the page and try again.")
            }
        }
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.studioReferrerPolicy] = "same-origin"   // "no-referrer" would make a browser send `Origin: null` with its own forms
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'; form-action 'self'"
        }
        response.headers[.xFrameOptions] = "SAMEORIGIN"
        if let setCookie { response.headers[.setCookie] = setCookie }
        return response
    }

    /// `host:port` forms a browser may send for the address listened on.
    private var allowedHosts: Set<String> {
        var names: Set<String> = [settings.host.lowercased()]
        if StudioSettings.isLoopback(settings.host) || settings.host == "0.0.0.0" { names.formUnion(["127.0.0.1", "localhost", "[::1]"]) }
        if settings.host.contains(":") { names.insert("[\(settings.host.lowercased())]") }
        let port = listening?.port ?? settings.port
        return Set(names.map { "\($0):\(port)" })
    }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func cookie(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }

    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .xContentTypeOptions: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

extension HTTPFields.Element.Name {
    static var csrfToken: Self { Self("X-CSRF-Token")! }
    /// `Host`, when a client keeps it among the fields (HTTP/1 servers move it to the request's authority).
    static var hostHeader: Self { Self("Host")! }
    static var xFrameOptions: Self { Self("X-Frame-Options")! }
    static var studioReferrerPolicy: Self { Self("Referrer-Policy")! }
}

/// A URL-encoded form (`a=1&b=two`), fields by name; a repeated name keeps every value.
struct Form: Sendable {
    var fields: [(name: String, value: String)] = []

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
    }

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
}
