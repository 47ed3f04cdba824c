// The open-source notices the app ships (assets/about/notices.json, written by scripts/gen-about.py
// from the lockfiles), read into what the About screen lists.
package jp.zairyu.android.logic

/**
 * `{"schema":1,"components":[{"name","version","license","origin","url"}],"license_texts":{id: text}}`.
 * `license` is an SPDX expression ("MIT OR Apache-2.0"); its ids are looked up in `license_texts`.
 */
data class Notices(val components: List<Component>, val licenseTexts: Map<String, String>) {
    enum class Origin { RUST, ANDROID, IOS }

    data class Component(val name: String, val version: String, val license: String, val origin: Origin, val url: String?)

    /** What this app shows: the Rust core and the Android libraries, sorted by name. */
    fun forAndroid(): List<Component> =
        components.filter { it.origin != Origin.IOS }.sortedWith(compareBy({ it.origin }, { it.name.lowercase() }, { it.version }))

    /** The licence texts a component's SPDX expression names, in the order it names them. */
    fun textsFor(component: Component): List<Pair<String, String>> =
        spdxIds(component.license).mapNotNull { id -> licenseTexts[id]?.let { id to it } }

    class FormatException(message: String) : Exception(message)

    companion object {
        const val SCHEMA = 1

        /** SPDX ids in an expression, without operators, parentheses or `+`; `WITH` exceptions kept. */
        fun spdxIds(expression: String): List<String> =
            expression.split(' ', '(', ')', '\t', '\n')
                .map { it.trim().removeSuffix("+") }
                .filter { it.isNotEmpty() && it !in setOf("AND", "OR", "WITH", "and", "or", "with") }
                .distinct()

        /** Throws [FormatException] for anything but schema 1 in the shape above. */
        fun parse(json: String): Notices {
            val root = Json.parse(json) as? Map<*, *> ?: throw FormatException("not an object")
            val schema = (root["schema"] as? Double) ?: throw FormatException("no schema")
            if (schema != SCHEMA.toDouble()) throw FormatException("unsupported schema $schema")
            val list = root["components"] as? List<*> ?: throw FormatException("no components")
            val components = list.map { item ->
                val c = item as? Map<*, *> ?: throw FormatException("component is not an object")
                fun field(name: String): String = c[name] as? String ?: throw FormatException("component without $name")
                val origin = when (field("origin")) {
                    "rust" -> Origin.RUST
                    "android" -> Origin.ANDROID
                    "ios" -> Origin.IOS
                    else -> throw FormatException("unknown origin")
                }
                Component(field("name"), field("version"), field("license"), origin, c["url"] as? String)
            }
            val texts = root["license_texts"] as? Map<*, *> ?: throw FormatException("no license_texts")
            val licenseTexts = texts.entries.associate { (k, v) ->
                (k as String) to (v as? String ?: throw FormatException("licence text is not a string"))
            }
            return Notices(components, licenseTexts)
        }
    }
}

/**
 * A small strict JSON reader (RFC 8259): objects → Map, arrays → List, numbers → Double. Written
 * here because this module is plain Kotlin shared by the app and the JVM tests, and neither the
 * JVM nor kotlin-stdlib has a JSON parser (Android's org.json is not on the test classpath); one
 * bundled file of ours does not need a serialization plugin. Depth is bounded.
 */
internal class Json private constructor(private val s: String) {
    private var i = 0

    companion object {
        private const val MAX_DEPTH = 32

        fun parse(text: String): Any? {
            val p = Json(text)
            p.ws()
            val v = p.value(0)
            p.ws()
            if (p.i != text.length) p.fail("trailing data")
            return v
        }
    }

    fun fail(what: String): Nothing = throw Notices.FormatException("JSON: $what at $i")

    private fun ws() {
        while (i < s.length && s[i] in " \t\r\n") i++
    }

    private fun value(depth: Int): Any? {
        if (depth > MAX_DEPTH) fail("nested too deeply")
        if (i >= s.length) fail("unexpected end")
        return when (s[i]) {
            '{' -> obj(depth)
            '[' -> arr(depth)
            '"' -> str()
            't' -> lit("true", true)
            'f' -> lit("false", false)
            'n' -> lit("null", null)
            else -> num()
        }
    }

    private fun lit(word: String, v: Any?): Any? {
        if (!s.startsWith(word, i)) fail("bad literal")
        i += word.length
        return v
    }

    private fun obj(depth: Int): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        i++
        ws()
        if (i < s.length && s[i] == '}') {
            i++
            return out
        }
        while (true) {
            ws()
            if (i >= s.length || s[i] != '"') fail("expected a key")
            val k = str()
            ws()
            if (i >= s.length || s[i] != ':') fail("expected ':'")
            i++
            ws()
            out[k] = value(depth + 1)
            ws()
            when (s.getOrNull(i)) {
                ',' -> i++
                '}' -> {
                    i++
                    return out
                }
                else -> fail("expected ',' or '}'")
            }
        }
    }

    private fun arr(depth: Int): List<Any?> {
        val out = ArrayList<Any?>()
        i++
        ws()
        if (i < s.length && s[i] == ']') {
            i++
            return out
        }
        while (true) {
            ws()
            out.add(value(depth + 1))
            ws()
            when (s.getOrNull(i)) {
                ',' -> i++
                ']' -> {
                    i++
                    return out
                }
                else -> fail("expected ',' or ']'")
            }
        }
    }

    private fun str(): String {
        val b = StringBuilder()
        i++
        while (true) {
            if (i >= s.length) fail("unterminated string")
            val c = s[i++]
            when {
                c == '"' -> return b.toString()
                c == '\\' -> {
                    if (i >= s.length) fail("unterminated escape")
                    when (val e = s[i++]) {
                        '"', '\\', '/' -> b.append(e)
                        'b' -> b.append('\b')
                        'f' -> b.append('\u000C')
                        'n' -> b.append('\n')
                        'r' -> b.append('\r')
                        't' -> b.append('\t')
                        'u' -> {
                            if (i + 4 > s.length) fail("short \\u escape")
                            val code = s.substring(i, i + 4).toIntOrNull(16) ?: fail("bad \\u escape")
                            b.append(code.toChar())
                            i += 4
                        }
                        else -> fail("bad escape")
                    }
                }
                c < ' ' -> fail("control character in string")
                else -> b.append(c)
            }
        }
    }

    private fun num(): Double {
        val start = i
        if (i < s.length && s[i] == '-') i++
        while (i < s.length && (s[i].isDigit() || s[i] in ".eE+-")) i++
        val text = s.substring(start, i)
        if (!Regex("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?").matches(text)) fail("bad number")
        return text.toDouble()
    }
}
