/// The language kpish speaks to the user: every user-visible text exists in both.
public enum Lang: String, CaseIterable, Codable, Sendable {
    case zh, en

    /// `--lang`, else `$KPISH_LANG`, else the locale in `$LC_ALL`/`$LANG`, else Chinese
    /// (kpish's first users are Chinese-speaking sales teams).
    public static func resolve(flag: String?, environment: [String: String]) -> Lang {
        if let flag, let lang = Lang(rawValue: flag.lowercased()) { return lang }
        if let value = environment["KPISH_LANG"], let lang = Lang(rawValue: value.lowercased()) {
            return lang
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let locale = environment[key]?.lowercased(), !locale.isEmpty else { continue }
            if locale.hasPrefix("zh") { return .zh }
            if locale.hasPrefix("en") { return .en }
        }
        return .zh
    }
}

/// A text in Chinese and English; the edge picks one with `callAsFunction`.
///
///     let greeting = Localized(zh: "你好", en: "Hello")
///     greeting(.zh)   // "你好"
public struct Localized: Hashable, Codable, Sendable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func callAsFunction(_ lang: Lang) -> String { lang == .zh ? zh : en }
}

/// An error whose message exists in Chinese and English.
public protocol LocalizedFailure: Error {
    var message: Localized { get }
}
