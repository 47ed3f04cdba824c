// Which bundled drawing shows which help-carousel page.
package jp.zairyu.android.logic

/**
 * The core names each carousel page's drawing (`CarouselPage.illustrationId`); the drawings
 * themselves are the SVG files in design/illustrations, converted to VectorDrawables by
 * scripts/gen-illustrations.py. This is the one place those names meet.
 */
object Illustrations {
    private val drawables = mapOf(
        "card_gen1_front" to "card_gen1",
        "card_gen2_front" to "card_gen2",
        "card_specified_front" to "card_specified",
    )

    /** The drawable resource name, or null for an id this app has no drawing for. */
    fun drawableName(illustrationId: String): String? = drawables[illustrationId]

    val allDrawableNames: Collection<String> get() = drawables.values

    /** The reading screen's picture of where to hold the card on an Android phone. */
    const val HOLD_ON_PHONE = "hold_android"
}
