// Platform-free Kotlin (no android.*): the reader flow and the small rules around it. Its tests
// drive the real core — software card included — on the JVM: `./gradlew :logic:test` builds the
// host library with cargo first. CI runs the same sources through scripts/android-check.sh.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    compilerOptions { jvmTarget.set(JvmTarget.JVM_17) }
}

dependencies {
    // Compile-only: the app supplies the same API from :core (Android flavour) at run time.
    compileOnly(project(":core-jvm"))
    implementation(libs.kotlinx.coroutines.core)

    testImplementation(project(":core-jvm"))
    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
}

val repoRoot = rootProject.layout.projectDirectory.dir("..")
val cargoTargetDir = providers.environmentVariable("CARGO_TARGET_DIR")
    .map { File(it) }
    .orElse(repoRoot.dir("target").asFile)

val cargoBuildHost by tasks.registering(Exec::class) {
    description = "Builds the host libzairyu_ffi for the JVM tests."
    workingDir = repoRoot.asFile
    commandLine("cargo", "build", "-q", "-p", "zairyu-ffi")
}

tasks.test {
    dependsOn(cargoBuildHost)
    useJUnitPlatform()
    systemProperty("jna.library.path", cargoTargetDir.get().resolve("debug").path)
}
