// The Zairyu Reader app: Compose + Material 3 screens over the core's presentation model.
//
// minSdk 23 (Android 6.0), not the official app's 34: reader mode (API 19), IsoDep extended-length
// detection (API 16) and Compose (API 21) allow less, and the code has no API call above 21
// without a version check; 23 is the floor of the pinned AndroidX, CameraX and ML Kit releases.
// Release: an AAB shrunk by R8 (JNA + UniFFI keep rules come from :core), signed only when a
// keystore is configured (keystore.properties or environment, never committed).
import java.util.Properties
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

/** android/keystore.properties (storeFile, storePassword, keyAlias, keyPassword), else environment. */
val signing: Map<String, String>? = run {
    val file = rootProject.file("keystore.properties")
    val props = Properties()
    if (file.isFile) file.inputStream().use { props.load(it) }
    fun value(key: String, env: String): String? =
        props.getProperty(key)?.takeIf { it.isNotBlank() } ?: providers.environmentVariable(env).orNull
    val values = mapOf(
        "storeFile" to value("storeFile", "ZAIRYU_KEYSTORE_FILE"),
        "storePassword" to value("storePassword", "ZAIRYU_KEYSTORE_PASSWORD"),
        "keyAlias" to value("keyAlias", "ZAIRYU_KEY_ALIAS"),
        "keyPassword" to value("keyPassword", "ZAIRYU_KEY_PASSWORD"),
    )
    if (values.values.all { it != null }) values.mapValues { it.value!! } else null
}

android {
    namespace = "jp.zairyu.reader"
    compileSdk = libs.versions.compileSdk.get().toInt()

    defaultConfig {
        applicationId = "jp.zairyu.reader"
        minSdk = libs.versions.minSdk.get().toInt()
        targetSdk = libs.versions.targetSdk.get().toInt()
        versionCode = 1
        versionName = "0.1.0"
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
        // The core ships for these ABIs only (scripts/build-android.sh).
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }

    signingConfigs {
        if (signing != null) {
            create("release") {
                storeFile = rootProject.file(signing.getValue("storeFile"))
                storePassword = signing.getValue("storePassword")
                keyAlias = signing.getValue("keyAlias")
                keyPassword = signing.getValue("keyPassword")
            }
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            // Unsigned when no keystore is configured: sign the AAB later (README).
            signingConfig = signingConfigs.findByName("release")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    bundle {
        // Japanese and English resources stay in every install: switching the phone's language
        // must not need a download.
        language { enableSplit = false }
    }

    packaging {
        // Uncompressed, 16 KB-aligned native libraries (the .so files are linked for 16 KB pages).
        jniLibs { useLegacyPackaging = false }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    compilerOptions { jvmTarget.set(JvmTarget.JVM_17) }
}

// ---- release gates (rules in scripts/check_android_release.py, tested by scripts/android-check.sh) ----

val repoRoot: File = rootProject.layout.projectDirectory.dir("..").asFile

/** No release package without the pinned production roots: every genuine card would read "abnormal". */
val checkReleaseTrustAnchors by tasks.registering(Exec::class) {
    description = "Fails unless assets/trust holds every production root pinned in the core."
    group = "verification"
    workingDir = repoRoot
    commandLine("python3", "scripts/check_android_release.py", "trust", "android/app/src/main/assets/trust")
}

/** Google Play: 64-bit native code must run on 16 KB-page devices (checked on what was packaged). */
val checkRelease16kAlignment by tasks.registering(Exec::class) {
    description = "Checks the 16 KB alignment of the native libraries in the release APK / AAB."
    group = "verification"
    workingDir = repoRoot
    commandLine(
        "python3", "scripts/check_android_release.py", "align",
        "android/app/build/outputs/apk/release", "android/app/build/outputs/bundle/release",
    )
}

tasks.configureEach {
    when (name) {
        // Before anything of the release variant is built.
        "preReleaseBuild" -> dependsOn(checkReleaseTrustAnchors)
        // After packaging: a finalizer's failure fails the build.
        "assembleRelease", "bundleRelease" -> finalizedBy(checkRelease16kAlignment)
    }
}
checkRelease16kAlignment.configure {
    mustRunAfter(tasks.matching { it.name == "packageRelease" || it.name == "signReleaseBundle" || it.name == "bundleRelease" })
}

dependencies {
    implementation(project(":core"))
    implementation(project(":logic"))

    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.ui.graphics)
    implementation(libs.androidx.compose.ui.tooling.preview)
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.material.icons.core)
    implementation(libs.kotlinx.coroutines.android)

    implementation(libs.androidx.camera.camera2)
    implementation(libs.androidx.camera.lifecycle)
    implementation(libs.androidx.camera.view)
    // The bundled (on-device, no download) Latin model: the number is letters and digits.
    implementation(libs.mlkit.text.recognition)
    implementation(libs.mlkit.text.recognition.japanese)

    debugImplementation(libs.androidx.compose.ui.tooling)
    debugImplementation(libs.androidx.compose.ui.test.manifest)

    androidTestImplementation(platform(libs.androidx.compose.bom))
    androidTestImplementation(libs.androidx.compose.ui.test.junit4)
    androidTestImplementation(libs.androidx.test.runner)
    androidTestImplementation(libs.androidx.test.ext.junit)
}
