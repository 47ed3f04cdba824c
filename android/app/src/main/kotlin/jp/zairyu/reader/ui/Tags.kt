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

    // issue 17: the start screen and the My Number checks
    const val START_SCREEN = "start_screen"
    const val MN_MENU = "mn_menu"
    const val MN_SETTING_INDIVIDUAL_NUMBER = "mn_setting_individual_number"
    const val MN_DEMO = "mn_demo_button"
    const val MN_DEMO_EXIT = "mn_demo_exit"
    const val MN_DEMO_CREDENTIALS = "mn_demo_credentials"
    const val ENTRY_SCREEN = "entry_screen"
    const val ENTRY_BIRTH_DATE = "entry_birth_date"
    const val ENTRY_EXPIRY_YEAR = "entry_expiry_year"
    const val ENTRY_SECURITY_CODE = "entry_security_code"
    const val ENTRY_SCAN = "entry_scan"
    const val ENTRY_SCANNED = "entry_scanned"
    const val ENTRY_READ = "entry_read"
    const val ENTRY_PROBLEM = "entry_problem"
    const val MATCH_SCREEN = "match_screen"
    const val MATCH_NAME = "match_name"
    const val MATCH_BIRTH_DATE = "match_birth_date"
    const val MATCH_ADDRESS = "match_address"
    const val MATCH_NEXT = "match_next"
    const val MN_READING = "mn_reading"
    const val MN_CANCEL = "mn_cancel"
    const val PIN_SCREEN = "pin_screen"
    const val PIN_TRIES_LEFT = "pin_tries_left"
    const val PIN_LOCK_WARNING = "pin_lock_warning"
    const val PIN_FIELD = "pin_field"
    const val PIN_PROBLEM = "pin_problem"
    const val PIN_SUBMIT = "pin_submit"
    const val PIN_CANCEL = "pin_cancel"
    const val LAST_TRY_SCREEN = "last_try_screen"
    const val LAST_TRY_CONFIRM = "last_try_confirm"
    const val LAST_TRY_DECLINE = "last_try_decline"
    const val MN_RESULT = "mn_result"
    const val MN_INDIVIDUAL_NUMBER = "mn_individual_number"
    const val MN_MISMATCH = "mn_mismatch"
    const val MN_REVOCATION_NOTE = "mn_revocation_note"
    const val MN_BACK_TO_MENU = "mn_back_to_menu"
    const val DIALOG_NOTE = "dialog_note"

    fun start(choice: String) = "start_$choice"

    fun mnCheck(check: String) = "mn_check_$check"

    fun mnVerdict(verdict: String) = "mn_verdict_$verdict"

    fun mnIndicator(index: Int, state: String) = "mn_indicator_${index}_$state"

    fun mnImage(image: String) = "mn_image_$image"

    fun mnRow(index: Int) = "mn_row_$index"

    fun demoProfile(name: String) = "demo_profile_$name"

    fun carouselPage(page: Int) = "carousel_page_$page"

    fun headline(kind: String) = "headline_$kind"

    fun indicator(check: String, state: String) = "indicator_${check}_$state"

    fun cardImage(source: String) = "card_image_$source"

    fun dialog(code: String) = "dialog_$code"

    fun dialogAction(index: Int) = "dialog_action_$index"

    fun dialogCode(code: String) = "dialog_code_$code"
}
