// The JVM flavour of the bindings (bindings/kotlin-jvm, committed and kept current by the
// bindings-up-to-date suite). :logic compiles against it, and its tests run with it against the
// host build of the core. The app never sees this module: at run time the same classes come
// from :core's Android flavour, which has the identical API.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    sourceSets["main"].kotlin.srcDir(rootProject.layout.projectDirectory.dir("../bindings/kotlin-jvm"))
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
        suppressWarnings.set(true)
    }
}

dependencies {
    api(libs.jna)
}
