// Test tags: the instrumented tests find controls by these, never by (bilingual) text.
package jp.zairyu.reader.ui

object Tags {
    const val NUMBER_SCREEN = "number_screen"
    const val NUMBER_FIELD = "number_field"
    const val NEXT = "next_button"
    const val CAMERA = "camera_button"
    const val HELP = "help_button"
    const val DEMO = "demo_button"
    const val DEMO_EXIT = "demo_exit"
    const val SCAN_CONFIRMATION = "scan_confirmation"
    const val CAROUSEL = "carousel"
    const val CAROUSEL_CLOSE_ICON = "carousel_close_icon"
    const val CAROUSEL_CLOSE_BUTTON = "carousel_close_button"
    const val READING = "reading_screen"
    const val CANCEL = "cancel_button"
    const val RESULT = "result_screen"
    const val VALIDITY = "validity_button"
    const val RETURN_TO_TOP = "return_to_top"
    const val VIEWER = "viewer"
    const val VIEWER_IMAGE = "viewer_image"
    const val VIEWER_CLOSE = "viewer_close"
    const val INQUIRY = "inquiry_screen"
    const val INQUIRY_BACK = "inquiry_back"
    const val CAMERA_SCREEN = "camera_screen"
    const val CORE_UNAVAILABLE = "core_unavailable"
    const val ABOUT_BUTTON = "about_button"
    const val ABOUT = "about_screen"
    const val ABOUT_BACK = "about_back"
    const val HOLD_PICTURE = "hold_picture"
    const val LIFT_AND_HOLD = "lift_and_hold"

    fun demoProfile(name: String) = "demo_profile_$name"

    fun carouselPage(page: Int) = "carousel_page_$page"

    fun headline(kind: String) = "headline_$kind"

    fun indicator(check: String, state: String) = "indicator_${check}_$state"

    fun cardImage(source: String) = "card_image_$source"

    fun dialog(code: String) = "dialog_$code"

    fun dialogAction(index: Int) = "dialog_action_$index"

    fun dialogCode(code: String) = "dialog_code_$code"
}
