// The zoom viewer's gestures over the core's ZoomController, shared by the residence and My Number flows.
package jp.zairyu.android.logic

import jp.zairyu.core.ZoomController

/** Where the viewer stands after a gesture, as the core's controller left it. */
data class ZoomPosition(val scale: Double, val offsetX: Double, val offsetY: Double)

/** Runs one core call the way the owning flow does (its dialog on a failure); null on failure. */
interface CoreGuard {
    fun <T> run(call: () -> T): T?
}

/**
 * One viewer's zoom. Why a class of its own: both flows open the same viewer over the same core
 * controller, and the pinch-around-the-fingers arithmetic must not drift apart between them. It
 * owns the `ZoomController` (a closeable native object): a new [open] or [close] frees the old
 * one. Used on the main thread only, like the flows that own it.
 */
class ZoomSession(private val guard: CoreGuard) {
    private var zoom: ZoomController? = null

    /** `content*` is the image's size fitted into the viewport at 1.0×. False when the core failed. */
    fun open(viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double): Boolean {
        close()
        zoom = guard.run { ZoomController(viewportWidth, viewportHeight, contentWidth, contentHeight) }
        return zoom != null
    }

    fun resize(viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) =
        gesture { it.resize(viewportWidth, viewportHeight, contentWidth, contentHeight) }

    /**
     * A pinch by `factor` around the fingers' centroid (`centroidX/Y` from the viewport's
     * centre): the image point under the fingers stays under them, as far as the core's pan
     * limits allow. The core's controller zooms around the centre, so the pan that keeps the
     * point in place is added here: offset' = c − (c − offset) · scale'/scale.
     */
    fun pinch(factor: Double, centroidX: Double, centroidY: Double) = gesture {
        val before = it.scale()
        val o = it.offset()
        it.pinch(factor)
        val ratio = it.scale() / before
        if (ratio != 1.0 && (centroidX != 0.0 || centroidY != 0.0)) {
            val now = it.offset()
            val targetX = centroidX - (centroidX - o.x) * ratio
            val targetY = centroidY - (centroidY - o.y) * ratio
            it.pan(targetX - now.x, targetY - now.y)
        }
    }

    fun doubleTap() = gesture { it.doubleTap() }

    fun pan(dx: Double, dy: Double) = gesture { it.pan(dx, dy) }

    fun close() {
        zoom?.close()
        zoom = null
    }

    /** The position after `apply`, or null when no viewer is open or the core failed. */
    private fun gesture(apply: (ZoomController) -> Unit): ZoomPosition? {
        val z = zoom ?: return null
        return guard.run {
            apply(z)
            val offset = z.offset()
            ZoomPosition(z.scale(), offset.x, offset.y)
        }
    }
}
