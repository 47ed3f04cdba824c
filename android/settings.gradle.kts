// Zairyu Reader for Android. Modules:
//   :core      Android library: the Rust core (jniLibs from cargo-ndk) + its Android-flavour
//              UniFFI bindings, both placed by scripts/build-android.sh
//   :core-jvm  the JVM-flavour bindings (bindings/kotlin-jvm), only to compile and test :logic
//   :logic     platform-free Kotlin: the reader flow (view-model), IsoDep → transport mapping,
//              links; its JUnit 5 tests run on any JVM against the host build of the core
//   :app       Jetpack Compose + Material 3 screens that render the core's presentation model
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "ZairyuReader"
include(":core", ":core-jvm", ":logic", ":app")
