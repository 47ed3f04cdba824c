// Issue 17 through the bindings: the start screen, the My Number menu, the in-person entry and
// match-field texts, and the card-face scanner over a frame sequence.
package jp.zairyu.core.tests

import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class StartTest {
    /** One OCR frame of a card face (synthetic holder), as a Japanese text recogniser returns it. */
    private val card = listOf(
        "個人番号カード",
        "氏名 番号 花子",
        "住所 東京都千代田区霞が関２丁目１番２号",
        "昭和60年 4月12日生",
        "性別 女",
        "2034年 4月12日まで有効",
        "1234",
    )

    /** The same card read with noise: spaced characters, O/l for digits, stray dots, full-width digits. */
    private val noisy = listOf(
        "昭 和 6O 年 4 月 l2 日 生",
        "２０３４年.４月１２日まで有効",
        "・ 1234 .",
    )

    private fun scan(birth: String?, expiry: String?, code: String?) =
        CardFaceScan(birth, expiry, code, birth != null && expiry != null && code != null)

    @Test
    fun `card-face scanner reports each field once three frames agree`() {
        CardFaceScanner().use { scanner ->
            val none = scan(null, null, null)
            assertEquals(none, scanner.feedFrame(card))
            // No code in view: the other two streaks go on, the code's waits.
            assertEquals(none, scanner.feedFrame(card.filter { it != "1234" }))
            assertEquals(scan("1985-04-12", "2034", null), scanner.feedFrame(noisy))
            assertEquals(scan("1985-04-12", "2034", "1234"), scanner.feedFrame(card))
            // Stable fields stay; a misread frame changes nothing.
            assertEquals(scan("1985-04-12", "2034", "1234"), scanner.feedFrame(listOf("昭和61年4月12日生", "9999")))
            scanner.reset()
            assertEquals(none, scanner.feedFrame(card))
        }
    }

    @Test
    fun `card-face scanner restarts a field on a conflicting frame`() {
        CardFaceScanner().use { scanner ->
            val frames = listOf(
                listOf("令和元年5月1日生", "0042"),
                listOf("令和元年5月1日生", "0O42"),
                listOf("令和2年5月1日生", "0042"), // birth date conflicts: its streak restarts
                listOf("令和2年5月1日生", "令和11年 5月 1日まで有効", "0042"),
                listOf("令和2年5月1日生", "令和11年 5月 1日まで有効"),
                listOf("令和11年 5月 1日まで有効"),
            )
            val expected = listOf(
                scan(null, null, null),
                scan(null, null, null),
                scan(null, null, "0042"),
                scan(null, null, "0042"),
                scan("2020-05-01", null, "0042"),
                scan("2020-05-01", "2029", "0042"),
            )
            assertEquals(expected, frames.map { scanner.feedFrame(it) })
        }
    }

    @Test
    fun `card-face scanner survives hostile input`() {
        CardFaceScanner().use { scanner ->
            val huge = "1".repeat(1_000_000)
            assertEquals(scan(null, null, null), scanner.feedFrame(listOf(huge, "\u0000\uFFFF", "\uD83D\uDE00年月日生")))
            assertEquals(scan(null, null, null), scanner.feedFrame(List(65) { "1234" })) // more than 64 lines: ignored
            assertEquals(scan(null, null, null), scanner.feedFrame(List(64) { "1234" }))
        }
    }

    @Test
    fun `start screen offers the residence card and the My Number card`() {
        val s = startScreen()
        assertEquals(Text("読み取るカードを選んでください", "Choose the card to read"), s.title)
        assertEquals(listOf(StartChoice.RESIDENCE_CARD, StartChoice.MY_NUMBER_CARD), s.options.map { it.choice })
        assertEquals(Text("在留カード・特別永住者証明書", "Residence card / special permanent resident certificate"), s.options[0].label)
        assertEquals(
            Text(
                "在留カード等番号で読み取ります（特定在留カード・特定特別永住者証明書もこちら）。",
                "Read with the card number (specified residence cards and specified SPRCs too).",
            ),
            s.options[0].detail,
        )
        assertEquals(Text("マイナンバーカード", "My Number card"), s.options[1].label)
    }

    @Test
    fun `My Number menu lists the four checks and what each needs`() {
        val m = myNumberMenu()
        assertEquals(Text("マイナンバーカードの確認", "My Number card checks"), m.title)
        assertEquals(
            listOf(MyNumberCheck.IN_PERSON, MyNumberCheck.PIN_CHECK, MyNumberCheck.AUTH, MyNumberCheck.SIGNATURE),
            m.items.map { it.check },
        )
        assertEquals(listOf("対面確認", "暗証番号による確認", "利用者証明用電子証明書", "署名用電子証明書"), m.items.map { it.label.ja })
        assertEquals(
            Text(
                "必要なもの：生年月日、有効期限の年、セキュリティコード（数字4桁）。暗証番号は不要です。",
                "Needs: the birth date, the expiry year and the 4-digit security code. No PIN.",
            ),
            m.items[0].needs,
        )
        assertEquals("必要なもの：数字4桁の券面事項入力補助用暗証番号（3回間違えるとロックがかかります）。", m.items[1].needs.ja)
        assertEquals("Needs: the 4-digit user-authentication certificate PIN (locks after 3 wrong entries).", m.items[2].needs.en)
        assertEquals("必要なもの：英数字6～16桁の署名用電子証明書の暗証番号（5回間違えるとロックがかかります）。", m.items[3].needs.ja)
        assertEquals(
            "暗証番号による確認で個人番号を読み取る（法令で認められた目的に限ります。表示はタップするまで伏せます）",
            m.individualNumberSetting.ja,
        )
    }

    @Test
    fun `in-person entry and match field texts`() {
        val e = inPersonEntryScreen()
        assertEquals(Text("対面確認", "In-person check"), e.title)
        assertEquals(Text("生年月日", "Birth date"), e.birthDateLabel)
        assertEquals(Text("有効期限の年", "Expiry year"), e.expiryYearLabel)
        assertEquals(Text("セキュリティコード", "Security code"), e.securityCodeLabel)
        assertEquals(Text("顔写真の下の数字4桁", "The 4 digits under the photo"), e.securityCodeHint)
        assertEquals(Text("カメラで読み取る", "Scan with camera"), e.scanButton)
        assertEquals(Text("カードを読み取る", "Read the card"), e.readButton)
        val m = matchFieldsScreen()
        assertEquals(Text("入力した情報との照合（任意）", "Compare with entered details (optional)"), m.title)
        assertEquals(listOf("氏名", "生年月日（YYYY-MM-DD）", "住所"), listOf(m.nameLabel.ja, m.birthDateLabel.ja, m.addressLabel.ja))
    }
}
