// The My Number checks through the bindings on the software card, as the Android and iOS shells
// drive them: every APDU through a Kotlin transceiver, every PIN through a Kotlin PinSource.
// Credentials and expected values: fixtures/mynumber/README.md (synthetic TEST data).
package jp.zairyu.core.tests

import java.io.ByteArrayInputStream
import java.io.DataInputStream
import java.util.Collections
import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

/** 2026-12-01T00:00:00Z: the software card's My Number certificates are in date. */
const val MN_NOW = 1_796_083_200L

/** 2026-09-01: inside the second-generation test certificates' validity (specified cards). */
const val GEN2_NOW = 1_788_220_800L

const val ADULT_NAME = "試験\u3000花子"
const val ADULT_ADDRESS = "東京都千代田区霞が関２丁目１番２号\u3000テスト住宅１０１号"

/** A transceiver that counts VERIFY commands carrying a PIN (`00 20 00 xx Lc …`). */
class VerifyCounting(card: SoftCardTransceiver) : KotlinTransceiver(card) {
    val verifiesWithData = java.util.concurrent.atomic.AtomicInteger(0)

    override fun transceive(apdu: ByteArray): ByteArray {
        if (apdu.size > 4 && apdu[1] == 0x20.toByte()) verifiesWithData.incrementAndGet()
        return super.transceive(apdu)
    }
}

/** Answers `secret` (or nothing) and records every prompt it was shown. */
class RecordingPin(private val secret: String?, private val throwInstead: Boolean = false) : PinSource {
    val prompts: MutableList<PinPrompt> = Collections.synchronizedList(mutableListOf())

    override fun pin(prompt: PinPrompt): ByteArray? {
        prompts.add(prompt)
        if (throwInstead) throw IllegalStateException("PIN screen crashed with secret 9999")
        return secret?.toByteArray(Charsets.UTF_8)
    }
}

fun mnOptions(card: SoftCardTransceiver, allowLastTry: Boolean = false, readNumber: Boolean = false) =
    MyNumberOptions(
        allowLastTry = allowLastTry,
        readIndividualNumber = readNumber,
        testAnchors = card.myNumberTestAnchors(),
        nowUnix = MN_NOW,
    )

/** Width and height from a PNG's IHDR. */
fun pngSize(png: ByteArray): Pair<Int, Int> {
    assertArrayEquals(byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A), png.copyOfRange(0, 8))
    val d = DataInputStream(ByteArrayInputStream(png, 16, 8))
    return d.readInt() to d.readInt()
}

fun rowPairs(s: MyNumberScreen) = s.rows.map { it.label.en to it.value.en }

class MyNumberFlowsTest {
    @Test
    fun `status reads every counter without spending a try`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val s = myNumberStatus(t, mnOptions(card))
        assertEquals(MyNumberCardKind.MY_NUMBER_CARD, s.kind)
        assertEquals(Text("マイナンバーカード", "My Number card"), s.kindText)
        assertEquals(
            listOf(
                PinStatus(PinKind.INPUT_HELPER, 3u, false),
                PinStatus(PinKind.COLLATION_B, 10u, false),
                PinStatus(PinKind.AUTH, 3u, false),
                PinStatus(PinKind.SIGNATURE, 5u, false),
            ),
            s.pins,
        )
        assertTrue(s.authCertificate)
        assertTrue(s.signatureCertificate)
        assertEquals(14UL, s.wire.apdus)
        assertEquals(14, t.apdus.get())
        assertEquals(0, t.verifiesWithData.get())
    }

    @Test
    fun `in-person check returns the card face, its images and a normal verdict`() {
        val card = softcard("mynumber-complete")
        val t = KotlinTransceiver(card)
        myNumberInPersonCheck(t, mnOptions(card), "1985-04-12", "2034", "4826").use { r ->
            assertEquals(MyNumberCheck.IN_PERSON, r.check())
            assertEquals(MyNumberCardKind.MY_NUMBER_CARD, r.cardKind())
            assertEquals(Verdict.NORMAL, r.verdict())
            assertEquals(listOf(PinStatus(PinKind.COLLATION_B, 10u, false)), r.pins())
            assertEquals(20UL, r.wireStats().apdus)
            assertEquals(20, t.apdus.get())
            val s = r.screen(null, false)
            assertEquals(Text("券面事項の確認", "Card-face check"), s.title)
            assertEquals(Text("正常に確認できました", "Checked: normal"), s.headline)
            assertEquals(
                Text("テスト用の信頼点で検証しました。本番の検証結果ではありません。", "Verified against a test anchor. This is not a production result."),
                s.testAnchorNotice,
            )
            assertEquals(
                listOf("Birth date" to "1985-04-12", "Sex" to "Female", "Card expiry" to "2034-04-12"),
                rowPairs(s),
            )
            assertEquals(listOf("生年月日", "性別", "カードの有効期限"), s.rows.map { it.label.ja })
            assertTrue(s.rows.all { it.personal })
            assertEquals(listOf(MnIndicator(Text("改ざん検知", "Tamper check"), MnIndicatorState.OK, Text("正常", "OK"), null)), s.indicators)
            assertNull(s.individualNumber)
            assertNull(s.revocationNote)
            assertNull(s.mismatch)
            assertEquals(listOf(MyNumberImage.PHOTO, MyNumberImage.NAME_IMAGE, MyNumberImage.ADDRESS_IMAGE), s.images)
            assertEquals(200 to 250, pngSize(r.imagePng(MyNumberImage.PHOTO, 2000u, 2000u)!!))
            assertEquals(400 to 40, pngSize(r.imagePng(MyNumberImage.NAME_IMAGE, 2000u, 2000u)!!))
            assertEquals(600 to 40, pngSize(r.imagePng(MyNumberImage.ADDRESS_IMAGE, 2000u, 2000u)!!))
            assertEquals(300 to 20, pngSize(r.imagePng(MyNumberImage.ADDRESS_IMAGE, 300u, 300u)!!))
            assertEquals(100 to 125, pngSize(r.imagePng(MyNumberImage.PHOTO, 100u, 1000u)!!))
        }
    }

    @Test
    fun `in-person inputs are checked before the card is touched`() {
        assertNull(checkCollationInput("1985-04-12", "2034", "4826"))
        assertEquals(
            CollationProblem(CollationField.BIRTH_DATE, Text("生年月日を YYYY-MM-DD で正しく入力してください。", "Enter a valid birth date as YYYY-MM-DD.")),
            checkCollationInput("1985-02-30", "2034", "4826"),
        )
        assertEquals(CollationField.EXPIRY_YEAR, checkCollationInput("1985-04-12", "34", "4826")?.field)
        assertEquals(CollationField.SECURITY_CODE, checkCollationInput("1985-04-12", "2034", "48a6")?.field)
        val card = softcard("mynumber-complete")
        val t = KotlinTransceiver(card)
        val e = expectError<ZairyuException.InvalidCollationInput> {
            myNumberInPersonCheck(t, mnOptions(card), "1985-04-12", "2034", "48a6")
        }
        assertEquals(CollationField.SECURITY_CODE, e.field)
        assertEquals("invalid_collation_input", e.info.code)
        assertEquals(0, t.apdus.get())
    }

    @Test
    fun `PIN check asks once after reading the counter, without the individual number`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val pin = RecordingPin("1234")
        myNumberPinCheck(t, mnOptions(card), pin).use { r ->
            assertEquals(1, pin.prompts.size)
            val prompt = pin.prompts[0]
            assertEquals(PinKind.INPUT_HELPER, prompt.kind)
            assertEquals(3.toUByte(), prompt.triesLeft)
            assertFalse(prompt.lastTry)
            assertEquals(Text("残り3回", "3 tries left"), prompt.screen.triesLeft)
            assertNull(prompt.screen.lastTryConfirmation)
            assertEquals(Text("ロック解除には、市区町村窓口で手続が必要になります。", "Unlocking requires a procedure at the municipal office."), prompt.screen.unlockNote)
            assertEquals(1, t.verifiesWithData.get())
            assertEquals(14UL, r.wireStats().apdus)
            assertEquals(MyNumberCheck.PIN_CHECK, r.check())
            assertEquals(Verdict.NORMAL, r.verdict())
            val s = r.screen(null, true)
            assertEquals(Text("暗証番号による確認", "PIN check"), s.title)
            assertEquals(
                listOf("Name" to ADULT_NAME, "Address" to ADULT_ADDRESS, "Birth date" to "1985-04-12", "Sex" to "Female"),
                rowPairs(s),
            )
            assertEquals(listOf(MnIndicatorState.OK), s.indicators.map { it.state })
            assertEquals(Text("真正性確認", "Integrity check"), s.indicators[0].label)
            assertNull(s.individualNumber)
        }
    }

    @Test
    fun `PIN check with the individual number masks it until revealed`() {
        val card = softcard("mynumber-complete")
        myNumberPinCheck(KotlinTransceiver(card), mnOptions(card, readNumber = true), RecordingPin("1234")).use { r ->
            assertEquals(16UL, r.wireStats().apdus)
            val masked = r.screen(null, false)
            assertEquals(IndividualNumberRow(Text("個人番号", "Individual number"), "●●●●●●●●●●●●", false), masked.individualNumber)
            assertFalse(masked.rows.any { it.label.ja == "個人番号" })
            assertEquals(
                listOf(MnIndicatorState.OK, MnIndicatorState.OK),
                masked.indicators.map { it.state },
            )
            assertEquals(Text("個人番号の真正性", "Individual number integrity"), masked.indicators[1].label)
            val shown = r.screen(null, true).individualNumber!!
            assertEquals("123456789018", shown.value)
            assertTrue(shown.revealed)
        }
    }

    @Test
    fun `match input gives a result per field and the seed manual's sentence`() {
        val card = softcard("mynumber-complete")
        myNumberPinCheck(KotlinTransceiver(card), mnOptions(card), RecordingPin("1234")).use { r ->
            val same = r.screen(MatchInput(name = "試験 花子", birthDate = "1985-04-12", address = "東京都千代田区霞が関2丁目1番2号 テスト住宅101号"), false)
            assertEquals(
                listOf("Name matches" to "Match", "Birth date matches" to "Match", "Address matches" to "Match"),
                rowPairs(same).drop(4),
            )
            assertEquals(listOf(false, false, false), same.rows.drop(4).map { it.personal })
            assertNull(same.mismatch)
            val differs = r.screen(MatchInput(name = "試験 太郎", birthDate = "1985-04-12"), false)
            assertEquals(
                listOf("Name matches" to "Differs", "Birth date matches" to "Match"),
                rowPairs(differs).drop(4),
            )
            assertEquals(listOf("不一致", "一致"), differs.rows.drop(4).map { it.value.ja })
            assertEquals(
                Text("入力された利用者情報と読み取られたカードの情報が一致しません", "The user information entered does not match the information read from the card"),
                differs.mismatch,
            )
            // Nothing typed: no match rows, no sentence.
            val none = r.screen(MatchInput(), false)
            assertEquals(4, none.rows.size)
            assertNull(none.mismatch)
        }
    }

    @Test
    fun `authentication check signs a challenge and states revocation plainly`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val pin = RecordingPin("5678")
        myNumberAuthCheck(t, mnOptions(card), pin).use { r ->
            assertEquals(PinKind.AUTH, pin.prompts.single().kind)
            assertEquals(1, t.verifiesWithData.get())
            assertEquals(12UL, r.wireStats().apdus)
            assertEquals(MyNumberCheck.AUTH, r.check())
            assertEquals(Verdict.NORMAL, r.verdict())
            assertEquals(listOf(PinStatus(PinKind.AUTH, 3u, false)), r.pins())
            val s = r.screen(MatchInput(name = "誰か"), false)
            assertEquals(Text("利用者証明用電子証明書の確認", "Authentication certificate check"), s.title)
            assertEquals(
                listOf("Card signature (live)" to MnIndicatorState.OK, "Certificate chain" to MnIndicatorState.OK, "Certificate validity" to MnIndicatorState.VALID),
                s.indicators.map { it.label.en to it.state },
            )
            assertTrue(s.rows.isEmpty())
            assertNull(s.mismatch)
            assertEquals(
                Text(
                    "失効の確認は行っていません（地方公共団体情報システム機構は失効情報を登録された事業者にのみ提供しています）。",
                    "Revocation was not checked (J-LIS provides revocation data only to registered verifiers).",
                ),
                s.revocationNote,
            )
        }
    }

    @Test
    fun `signature check reads the certificate holder with the password`() {
        val card = softcard("mynumber-complete")
        val pin = RecordingPin("test1234ab")
        myNumberSignatureCheck(KotlinTransceiver(card), mnOptions(card), pin).use { r ->
            val prompt = pin.prompts.single()
            assertEquals(PinKind.SIGNATURE, prompt.kind)
            assertEquals(5.toUByte(), prompt.triesLeft)
            assertEquals(6.toUByte() to 16.toUByte(), prompt.screen.minLength to prompt.screen.maxLength)
            assertFalse(prompt.screen.digitsOnly)
            assertEquals(13UL, r.wireStats().apdus)
            assertEquals(Verdict.NORMAL, r.verdict())
            val s = r.screen(MatchInput(name = "試験花子", address = "東京都千代田区霞が関２丁目１番２号 テスト住宅１０１号"), false)
            assertEquals(Text("署名用電子証明書の確認", "Signature certificate check"), s.title)
            assertEquals(
                listOf(
                    "Name" to ADULT_NAME,
                    "Address" to ADULT_ADDRESS,
                    "Birth date" to "1985-04-12",
                    "Sex" to "Female",
                    "Name matches" to "Match",
                    "Address matches" to "Match",
                ),
                rowPairs(s),
            )
            assertEquals(
                listOf(MnIndicator(Text("証明書の検証", "Certificate chain"), MnIndicatorState.OK, Text("正常", "OK"), null),
                    MnIndicator(Text("証明書の有効期限", "Certificate validity"), MnIndicatorState.VALID, Text("有効期間内", "Within its validity"), null)),
                s.indicators,
            )
            assertEquals("失効の確認は行っていません（地方公共団体情報システム機構は失効情報を登録された事業者にのみ提供しています）。", s.revocationNote?.ja)
        }
    }

    @Test
    fun `expired signature certificate is its own abnormal outcome`() {
        val card = softcard("mynumber-expired")
        myNumberSignatureCheck(KotlinTransceiver(card), mnOptions(card), RecordingPin("TEST1234AB")).use { r ->
            assertEquals(Verdict.ABNORMAL, r.verdict())
            val s = r.screen(null, false)
            assertEquals(listOf(MnIndicatorState.OK, MnIndicatorState.EXPIRED), s.indicators.map { it.state })
            assertEquals(Text("証明書の有効期限が切れています", "The certificate has expired"), s.indicators[1].text)
            assertEquals(Text("確認結果に異常があります", "Checked: abnormal"), s.headline)
        }
    }

    @Test
    fun `a wrong PIN costs one try, reported and visible in the next status`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val e = expectError<ZairyuException.WrongPin> { myNumberPinCheck(t, mnOptions(card), RecordingPin("0000")) }
        assertEquals(PinKind.INPUT_HELPER, e.pin)
        assertEquals(2.toUByte(), e.triesLeft)
        assertEquals("wrong_pin", e.info.code)
        assertEquals(Text("残り2回", "2 tries left"), e.info.tips[0])
        assertEquals(1, t.verifiesWithData.get())
        val s = myNumberStatus(t, mnOptions(card))
        assertEquals(PinStatus(PinKind.INPUT_HELPER, 2u, false), s.pins[0])
        assertEquals(PinStatus(PinKind.AUTH, 3u, false), s.pins[2])
        // The next prompt shows the counter as it now is.
        val pin = RecordingPin("1234")
        myNumberPinCheck(t, mnOptions(card), pin).use { assertEquals(Verdict.NORMAL, it.verdict()) }
        assertEquals(2.toUByte(), pin.prompts.single().triesLeft)
        assertEquals(Text("残り2回", "2 tries left"), pin.prompts.single().screen.triesLeft)
        // The right PIN resets the counter.
        assertEquals(PinStatus(PinKind.INPUT_HELPER, 3u, false), myNumberStatus(t, mnOptions(card)).pins[0])
    }

    @Test
    fun `the last try is refused without confirmation and nothing is sent`() {
        val card = softcard("mynumber-last-try")
        val t = VerifyCounting(card)
        val pin = RecordingPin("1234")
        val before = card.apduCount()
        val e = expectError<ZairyuException.LastTryRefused> { myNumberPinCheck(t, mnOptions(card), pin) }
        assertEquals(PinKind.INPUT_HELPER, e.pin)
        assertEquals("last_try_refused", e.info.code)
        assertEquals(4UL, card.apduCount() - before)
        assertEquals(0, t.verifiesWithData.get())
        assertTrue(pin.prompts.isEmpty())
        for (check in listOf<() -> Unit>(
            { myNumberAuthCheck(t, mnOptions(card), pin) },
            { myNumberSignatureCheck(t, mnOptions(card), RecordingPin("TEST1234AB")) },
            { myNumberInPersonCheck(t, mnOptions(card), "1985-04-12", "2034", "4826") },
        )) {
            expectError<ZairyuException.LastTryRefused> { check() }
        }
        assertEquals(0, t.verifiesWithData.get())
        assertTrue(pin.prompts.isEmpty())
    }

    @Test
    fun `the last try with confirmation and the right PIN succeeds`() {
        val card = softcard("mynumber-last-try")
        val t = VerifyCounting(card)
        val pin = RecordingPin("1234")
        myNumberPinCheck(t, mnOptions(card, allowLastTry = true), pin).use { r ->
            assertEquals(Verdict.NORMAL, r.verdict())
            assertEquals(listOf(PinStatus(PinKind.INPUT_HELPER, 1u, false)), r.pins())
        }
        val prompt = pin.prompts.single()
        assertEquals(1.toUByte(), prompt.triesLeft)
        assertTrue(prompt.lastTry)
        assertEquals(
            Text("残り1回です。間違えるとロックがかかります。入力してよろしいですか？", "This is the last try. A wrong entry locks it. Continue?"),
            prompt.screen.lastTryConfirmation,
        )
        assertEquals(1, t.verifiesWithData.get())
        assertEquals(PinStatus(PinKind.INPUT_HELPER, 3u, false), myNumberStatus(t, mnOptions(card)).pins[0])
    }

    @Test
    fun `a blocked PIN never asks the PIN source`() {
        val card = softcard("mynumber-blocked")
        val t = VerifyCounting(card)
        val pin = RecordingPin("1234")
        val e = expectError<ZairyuException.PinBlocked> { myNumberPinCheck(t, mnOptions(card, allowLastTry = true), pin) }
        assertEquals(PinKind.INPUT_HELPER, e.pin)
        assertEquals("pin_blocked", e.info.code)
        val auth = expectError<ZairyuException.PinBlocked> { myNumberAuthCheck(t, mnOptions(card, allowLastTry = true), pin) }
        assertEquals(PinKind.AUTH, auth.pin)
        val sign = expectError<ZairyuException.PinBlocked> { myNumberSignatureCheck(t, mnOptions(card, allowLastTry = true), pin) }
        assertEquals(PinKind.SIGNATURE, sign.pin)
        assertTrue(pin.prompts.isEmpty())
        assertEquals(0, t.verifiesWithData.get())
        assertTrue(myNumberStatus(t, mnOptions(card)).pins.all { it.blocked && it.triesLeft == 0.toUByte() })
    }

    @Test
    fun `a cancelled PIN screen sends nothing`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val pin = RecordingPin(null)
        val e = expectError<ZairyuException.Cancelled> { myNumberPinCheck(t, mnOptions(card), pin) }
        assertFalse(e.info.dialog)
        assertEquals(1, pin.prompts.size)
        assertEquals(0, t.verifiesWithData.get())
        assertEquals(PinStatus(PinKind.INPUT_HELPER, 3u, false), myNumberStatus(t, mnOptions(card)).pins[0])
    }

    @Test
    fun `a throwing PIN source is internal, sends nothing and leaks nothing`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val e = expectError<ZairyuException.Internal> { myNumberAuthCheck(t, mnOptions(card), RecordingPin("5678", throwInstead = true)) }
        assertEquals("the PIN source threw an exception", e.detail)
        assertFalse(e.toString().contains("9999"))
        assertEquals(0, t.verifiesWithData.get())
        assertEquals(PinStatus(PinKind.AUTH, 3u, false), myNumberStatus(t, mnOptions(card)).pins[2])
    }

    @Test
    fun `an invalid PIN is refused by position before it costs a try`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val e = expectError<ZairyuException.InvalidPin> { myNumberPinCheck(t, mnOptions(card), RecordingPin("12x4")) }
        assertEquals(PinKind.INPUT_HELPER, e.pin)
        assertEquals(Text("3文字目が数字ではありません。", "Character 3 is not a digit."), e.info.tips[0])
        assertEquals(0, t.verifiesWithData.get())
    }

    @Test
    fun `no signature certificate is found before the password is asked`() {
        val card = softcard("mynumber-no-signature-cert")
        val t = VerifyCounting(card)
        val s = myNumberStatus(t, mnOptions(card))
        assertEquals(listOf(PinKind.INPUT_HELPER, PinKind.COLLATION_B, PinKind.AUTH), s.pins.map { it.kind })
        assertTrue(s.authCertificate)
        assertFalse(s.signatureCertificate)
        val pin = RecordingPin("TEST1234AB")
        val before = card.apduCount()
        val e = expectError<ZairyuException.NoSignatureCertificate> { myNumberSignatureCheck(t, mnOptions(card), pin) }
        assertEquals("no_signature_certificate", e.info.code)
        assertEquals(4UL, card.apduCount() - before)
        assertTrue(pin.prompts.isEmpty())
        assertEquals(0, t.verifiesWithData.get())
    }

    @Test
    fun `read_card on a plain My Number card offers the My Number checks`() {
        val card = softcard("mynumber-complete")
        val profile = softcardProfiles().single { it.name == "mynumber-complete" }
        assertEquals(SoftCardFamily.MY_NUMBER, profile.family)
        val e = expectError<ZairyuException.MyNumberCard> {
            readCard(profile.cardNumber, KotlinTransceiver(card), demoOptions(card), RecordingListener())
        }
        assertEquals("my_number_card", e.info.code)
    }

    @Test
    fun `a residence card is not a My Number card`() {
        val card = softcard("residence")
        assertTrue(card.myNumberTestAnchors().isEmpty())
        val e = expectError<ZairyuException.NotMyNumberCard> { myNumberStatus(KotlinTransceiver(card), mnOptions(card)) }
        assertEquals("not_a_my_number_card", e.info.code)
    }

    @Test
    fun `a specified card reads as a residence card with the delivery key and answers the My Number checks`() {
        val card = softcard("specified-07")
        val profile = softcardProfiles().single { it.name == "specified-07" }
        assertEquals(SoftCardFamily.SPECIFIED, profile.family)
        val key = card.testDeliveryKey()!!
        val options = ReadOptions(testAnchors = card.testAnchors(), nowUnix = GEN2_NOW, deliveryKey = key)
        readCard(profile.cardNumber, KotlinTransceiver(card), options, RecordingListener()).use { r ->
            assertEquals(Verdict.NORMAL, r.verdict())
            assertEquals(HeadlineKind.NORMAL, r.resultScreen().headline.kind)
        }
        val missing = expectError<ZairyuException.DeliveryKeyMissing> {
            readCard(profile.cardNumber, KotlinTransceiver(softcard("specified-07")), demoOptions(card), RecordingListener())
        }
        assertEquals("delivery_key_missing", missing.info.code)
        val s = myNumberStatus(KotlinTransceiver(card), mnOptions(card))
        assertEquals(MyNumberCardKind.SPECIFIED_RESIDENCE_CARD, s.kind)
        assertEquals(Text("特定在留カード", "Specified residence card"), s.kindText)
        val c = profile.credentials!!
        myNumberPinCheck(KotlinTransceiver(card), mnOptions(card), RecordingPin(c.inputHelperPin)).use { r ->
            assertEquals(MyNumberCardKind.SPECIFIED_RESIDENCE_CARD, r.cardKind())
            assertEquals(Text("特定在留カード", "Specified residence card"), r.screen(null, false).kindText)
        }
    }

    @Test
    fun `demo credentials open the complete card`() {
        val c = softcardProfiles().single { it.name == "mynumber-complete" }.credentials!!
        assertEquals(DemoCredentials("1234", "5678", "TEST1234AB", "1985-04-12", "2034", "4826"), c)
        assertEquals("", softcardProfiles().single { it.name == "mynumber-no-signature-cert" }.credentials!!.signaturePassword)
        assertNull(softcardProfiles().single { it.name == "residence" }.credentials)
    }

    @Test
    fun `PIN input is checked by position without a card`() {
        assertNull(checkPinInput(PinKind.INPUT_HELPER, "1234".toByteArray()))
        assertNull(checkPinInput(PinKind.SIGNATURE, "ｔｅｓｔ1234ab".toByteArray()))
        assertEquals(Text("3文字目が数字ではありません。", "Character 3 is not a digit."), checkPinInput(PinKind.AUTH, "12x4".toByteArray()))
        assertEquals(Text("4文字目が英字・数字ではありません。", "Character 4 is not a letter or digit."), checkPinInput(PinKind.SIGNATURE, "ABC-123".toByteArray()))
        assertEquals(Text("6桁以上で入力してください。", "Enter at least 6 characters."), checkPinInput(PinKind.SIGNATURE, "ABC12".toByteArray()))
        assertEquals(Text("4桁以上で入力してください。", "Enter at least 4 characters."), checkPinInput(PinKind.INPUT_HELPER, "123".toByteArray()))
        assertEquals(Text("暗証番号を入力してください。", "Enter the PIN."), checkPinInput(PinKind.AUTH, ByteArray(0)))
        assertEquals(Text("英字を1文字以上含めてください。", "Include at least one letter."), checkPinInput(PinKind.SIGNATURE, "1234567".toByteArray()))
        expectError<ZairyuException.Internal> { checkPinInput(PinKind.COLLATION_B, "1".toByteArray()) }
    }

    @Test
    fun `PIN screens before any card contact`() {
        val s = pinEntryScreen(PinKind.SIGNATURE, 5u)
        assertEquals(Text("残り5回", "5 tries left"), s.triesLeft)
        assertEquals(
            "英数字6～16桁の暗証番号は、5回間違えるとロックがかかり、サービスが一時的にご利用できなくなります。",
            s.lockWarning.ja,
        )
        assertNull(s.lastTryConfirmation)
        val last = pinEntryScreen(PinKind.AUTH, 1u)
        assertNotNull(last.lastTryConfirmation)
        assertEquals("数字4桁の暗証番号は、3回間違えるとロックがかかり、サービスが一時的にご利用できなくなります。", last.lockWarning.ja)
        assertEquals(Triple(4.toUByte(), 4.toUByte(), true), Triple(last.minLength, last.maxLength, last.digitsOnly))
    }

    @Test
    fun `a wrong in-person code costs a collation try`() {
        val card = softcard("mynumber-complete")
        val t = VerifyCounting(card)
        val e = expectError<ZairyuException.WrongPin> { myNumberInPersonCheck(t, mnOptions(card), "1985-04-13", "2034", "4826") }
        assertEquals(PinKind.COLLATION_B, e.pin)
        assertEquals(9.toUByte(), e.triesLeft)
        assertEquals(1, t.verifiesWithData.get())
        assertEquals(PinStatus(PinKind.COLLATION_B, 9u, false), myNumberStatus(t, mnOptions(card)).pins[1])
    }

    @Test
    fun `a cancelled check sends nothing`() {
        val card = softcard("mynumber-complete")
        val t = KotlinTransceiver(card)
        val cancel = CancelHandle()
        cancel.cancel()
        val options = mnOptions(card).copy(cancel = cancel)
        expectError<ZairyuException.Cancelled> { myNumberPinCheck(t, options, RecordingPin("1234")) }
        expectError<ZairyuException.Cancelled> { myNumberStatus(t, options) }
        assertEquals(0, t.apdus.get())
    }
}
