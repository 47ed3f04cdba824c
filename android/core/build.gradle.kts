// The Rust core as an Android library: libzairyu_ffi.so for arm64-v8a, armeabi-v7a and x86_64
// (built by cargo-ndk with 16 KB page alignment) and the Android-flavour UniFFI bindings. Both are
// placed in src/main/generated/ by scripts/build-android.sh; nothing here runs Rust.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val generated = layout.projectDirectory.dir("src/main/generated")

android {
    namespace = "jp.zairyu.core"
    compileSdk = libs.versions.compileSdk.get().toInt()

    defaultConfig {
        minSdk = libs.versions.minSdk.get().toInt()
        // JNA + UniFFI keep rules travel with the library into the app's R8 run.
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].apply {
        java.srcDir(generated.dir("kotlin"))
        jniLibs.srcDir(generated.dir("jniLibs"))
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
        // The bindings are generated code: their warnings are UniFFI's, not ours.
        suppressWarnings.set(true)
    }
}

dependencies {
    // `api`: the bindings' public types extend JNA classes.
    api(libs.jna) {
        artifact { type = "aar" }
    }
    // The Android bindings annotate the API-34 cleaner with @RequiresApi.
    implementation(libs.androidx.annotation)
}

// A clear message instead of "unresolved reference" when the Rust step was skipped.
val checkRustOutputs by tasks.registering {
    val bindings = generated.file("kotlin/jp/zairyu/core/zairyu_core.kt").asFile
    val natives = listOf("arm64-v8a", "armeabi-v7a", "x86_64").map { generated.file("jniLibs/$it/libzairyu_ffi.so").asFile }
    doLast {
        val missing = (listOf(bindings) + natives).filterNot { it.isFile }
        if (missing.isNotEmpty()) {
            throw GradleException(
                "Missing Rust outputs (run scripts/build-android.sh from the repository root):\n" +
                    missing.joinToString("\n") { "  $it" },
            )
        }
    }
}
tasks.named("preBuild") { dependsOn(checkRustOutputs) }
