// The presentation model through the bindings: result screens per verdict, error dialogs, number
// entry, the help carousel, the zoom viewer and the card images.
package jp.zairyu.core.tests

import java.nio.ByteBuffer
import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class PresentTest {
    private fun screenOf(profile: String, number: String): ResultScreen {
        val card = softcard(profile)
        return readCard(number, card.asTransceiver(), demoOptions(card), RecordingListener()).use { it.resultScreen() }
    }

    private fun number(profile: String) = softcardProfiles().single { it.name == profile }.cardNumber

    @Test
    fun `normal card screen`() {
        val s = screenOf("residence", RESIDENCE_NUMBER)
        assertEquals(Text("照会結果", "Inquiry result"), s.title)
        assertEquals(HeadlineKind.NORMAL, s.headline.kind)
        assertNull(s.headline.action)
        assertEquals(listOf(CheckKind.TAMPER, CheckKind.ISSUER), s.indicators.map { it.check })
        assertEquals(listOf(IndicatorState.PASSED, IndicatorState.PASSED), s.indicators.map { it.state })
        assertEquals(Text("改ざん検証結果", "Tamper check"), s.indicators[0].label)
        assertEquals(Text("正常（テスト用ルート）", "Passed (TEST root)"), s.indicators[1].status)
        assertEquals(
            Text("テスト用のルート証明書で検証しました。本番の検証結果ではありません。", "Verified against a TEST root — not a production pass."),
            s.testAnchorNotice,
        )
        assertEquals(Text("トップ画面に戻る", "Return to top"), s.returnToTop)
        assertEquals(RESIDENCE_NUMBER, s.revocation.cardNumber)
        assertEquals(listOf(ImageSource.FRONT_IMAGE, ImageSource.FACE_IMAGE), s.images.map { it.source })
        assertTrue(s.images.all { it.decoded })
        assertEquals(SectionId.CARD_DATA, s.sections.first().id)
        val numberRow = s.sections.first().rows.single { it.label.en == "Card number" }
        assertTrue(numberRow.personal)
    }

    @Test
    fun `abnormal card screen (tampered)`() {
        val s = screenOf("tampered", number("tampered"))
        assertEquals(HeadlineKind.ABNORMAL, s.headline.kind)
        assertEquals(Text("異常なカードです。カードの故障または偽造の可能性があります。", "Abnormal card: it may be damaged or forged."), s.headline.text)
        assertEquals("https://www.moj.go.jp/isa/about/region/index.html", s.headline.action?.url)
        assertEquals(IndicatorState.FAILED, s.indicators[0].state)
        assertEquals(Text("データのハッシュ値が署名と一致しません", "Data hash mismatch: the data read does not match the signature"), s.indicators[0].detail)
        assertEquals(IndicatorState.PASSED, s.indicators[1].state)
    }

    @Test
    fun `young holder screen (under16)`() {
        val card = softcard("under16")
        readCard(number("under16"), card.asTransceiver(), demoOptions(card), RecordingListener()).use {
            assertEquals(Verdict.YOUNG_HOLDER, it.verdict())
            val s = it.resultScreen()
            assertEquals(HeadlineKind.YOUNG_HOLDER, s.headline.kind)
            assertEquals(
                Text("16歳未満の方のカードです（ICチップに顔写真と署名がありません）。", "Card of a holder under 16 — no photo and signature on the chip."),
                s.headline.text,
            )
            assertEquals(listOf(IndicatorState.NOT_CHECKED, IndicatorState.NOT_CHECKED), s.indicators.map { it.state })
            assertNull(cardImagePng(it, ImageSource.FACE_IMAGE, 100u, 100u))
        }
    }

    @Test
    fun `error dialogs from the catalogue`() {
        val lost = errorInfo("card_lost")
        assertEquals(Text("カードを検出できません", "Card not detected"), lost.title)
        assertEquals(
            Text(
                "カードを検出できませんでした。カードをもう一度かざすか、カードリーダーに置き直して、動かさないでください。",
                "The card could not be detected. Hold it to the phone or put it on the reader again, and keep it still.",
            ),
            lost.message,
        )
        assertEquals(ErrorAction.Retry, lost.actions.first())
        assertTrue(lost.actions.any { it is ErrorAction.OpenUrl && it.url == "https://www.moj.go.jp/isa/about/region/index.html" })
        val chip = errorInfo("chip_broken")
        assertEquals(Text("ICチップが故障している可能性があります", "The card's chip may be faulty"), chip.title)
        assertEquals("https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html", (chip.actions.first() as ErrorAction.OpenUrl).url)
        assertEquals(Text("NFCが使用できません", "NFC is turned off"), errorInfo("nfc_disabled").title)
        assertEquals(ErrorAction.OpenNfcSettings, errorInfo("nfc_disabled").actions.first())
        assertFalse(errorInfo("cancelled").dialog)
        val unknown = errorInfo("no_such_code")
        assertEquals("no_such_code", unknown.code)
        assertEquals(errorInfo("internal").title, unknown.title)
    }

    @Test
    fun `number entry, hold instructions and step texts`() {
        val entry = numberEntry()
        assertEquals(Text("登録情報の照会", "Registration information inquiry"), entry.title)
        assertEquals(Text("半角英大文字数字12桁", "12 half-width upper-case letters and digits"), entry.hint)
        assertEquals(Text("次に進む", "Next"), entry.nextButton.label)
        assertNull(holdInstructions(Platform.ANDROID).startButton)
        assertEquals(Text("読み取り開始", "Start reading"), holdInstructions(Platform.IOS).startButton)
        assertEquals(Text("検証しています…", "Verifying…"), stepText(ReadStep.VERIFYING))
    }

    @Test
    fun `help carousel pages and rules`() {
        val c = helpCarousel()
        assertEquals(listOf("card_gen1_front", "card_gen2_front", "card_specified_front"), c.pages.map { it.illustrationId })
        assertEquals(Text("閉じる", "Close"), c.closeButton)
        val nav = CarouselController()
        assertEquals(0u, nav.page())
        assertEquals(CarouselEvent.Unchanged, nav.handle(CarouselGesture.SWIPE_RIGHT))
        assertEquals(CarouselEvent.Moved(1u), nav.handle(CarouselGesture.SWIPE_LEFT))
        assertEquals(CarouselEvent.Moved(2u), nav.handle(CarouselGesture.SWIPE_LEFT))
        assertEquals(CarouselEvent.Unchanged, nav.handle(CarouselGesture.SWIPE_LEFT))
        assertEquals(2u, nav.page())
        assertEquals(CarouselEvent.Moved(1u), nav.handle(CarouselGesture.SWIPE_RIGHT))
        for (g in listOf(CarouselGesture.CLOSE_ICON, CarouselGesture.CLOSE_BUTTON, CarouselGesture.BACK)) {
            assertEquals(CarouselEvent.Closed, nav.handle(g))
        }
    }

    /** Compares numerically, so the core's clamped -0.0 equals 0.0. */
    private fun assertOffset(x: Double, y: Double, actual: ZoomOffset) {
        assertEquals(x, actual.x, 0.0, "x")
        assertEquals(y, actual.y, 0.0, "y")
    }

    @Test
    fun `zoom viewer rules`() {
        val z = ZoomController(400.0, 300.0, 400.0, 250.0)
        assertEquals(1.0, z.scale())
        z.pinch(0.5)
        assertEquals(1.0, z.scale())
        z.pan(50.0, 50.0)
        assertOffset(0.0, 0.0, z.offset())
        z.pinch(3.0)
        z.pinch(3.0)
        assertEquals(5.0, z.scale())
        z.doubleTap()
        assertEquals(1.0, z.scale())
        z.doubleTap()
        assertEquals(2.0, z.scale())
        z.pan(1000.0, -1000.0)
        assertOffset(200.0, -100.0, z.offset())
        z.pinch(0.75)
        assertEquals(1.5, z.scale())
        assertOffset(100.0, -37.5, z.offset())
        z.pinch(Double.NaN)
        assertEquals(1.5, z.scale())
        z.resize(400.0, 300.0, 100.0, 50.0)
        assertOffset(0.0, 0.0, z.offset())
    }

    /** Width and height from a PNG's IHDR chunk, after checking the signature. */
    private fun pngSize(png: ByteArray): Pair<Int, Int> {
        val signature = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        assertArrayEquals(signature, png.copyOfRange(0, 8))
        assertEquals("IHDR", String(png, 12, 4, Charsets.US_ASCII))
        val b = ByteBuffer.wrap(png)
        return b.getInt(16) to b.getInt(20)
    }

    @Test
    fun `card images as PNG at the requested size`() {
        val card = softcard()
        readCard(RESIDENCE_NUMBER, card.asTransceiver(), demoOptions(card), RecordingListener()).use {
            assertEquals(1000 to 630, pngSize(cardImagePng(it, ImageSource.FRONT_IMAGE, 1000u, 630u)!!))
            assertEquals(1000 to 630, pngSize(cardImagePng(it, ImageSource.FRONT_IMAGE, 4000u, 630u)!!))
            assertEquals(500 to 315, pngSize(cardImagePng(it, ImageSource.FRONT_IMAGE, 500u, 500u)!!))
            // Never enlarged (the zoom viewer scales the native image itself); an absurd request
            // is the native size, not fatal.
            assertEquals(1000 to 630, pngSize(cardImagePng(it, ImageSource.FRONT_IMAGE, 2000u, 2000u)!!))
            assertEquals(1000 to 630, pngSize(cardImagePng(it, ImageSource.FRONT_IMAGE, UInt.MAX_VALUE, UInt.MAX_VALUE)!!))
            val face = pngSize(cardImagePng(it, ImageSource.FACE_IMAGE, 200u, 200u)!!)
            assertTrue(face.first == 200 || face.second == 200, "$face")
        }
        // Without decoding there are no pixels to hand out.
        val card2 = softcard()
        readCard(RESIDENCE_NUMBER, card2.asTransceiver(), ReadOptions(skipImageDecoding = true, testAnchors = card2.testAnchors()), RecordingListener()).use {
            assertNull(cardImagePng(it, ImageSource.FRONT_IMAGE, 1000u, 630u))
        }
    }
}
