package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFormatTest {
    @Test
    void formatFollowsTheFileName() {
        assertThat(detect("/etc/shop/database.yml")).contains(ConfigFormat.YAML);
        assertThat(detect("config/application.YAML")).contains(ConfigFormat.YAML);
        assertThat(detect("settings.json")).contains(ConfigFormat.JSON);
        assertThat(detect("app.properties")).contains(ConfigFormat.PROPERTIES);
        assertThat(detect(".env")).contains(ConfigFormat.ENV);
        assertThat(detect(".env.production")).contains(ConfigFormat.ENV);
        assertThat(detect("/etc/shop/app.env")).contains(ConfigFormat.ENV);
        assertThat(detect("php.ini")).contains(ConfigFormat.INI);
        assertThat(detect(".env.json")).contains(ConfigFormat.JSON);
        assertThat(detect("legacy.rb")).isEmpty();
    }

    @Test
    void cnfAndConfAreIniOnlyWithSectionLines() {
        assertThat(ConfigFormat.detect(Path.of("my.cnf"), "# x\n[client]\nhost=a\n")).contains(ConfigFormat.INI);
        assertThat(ConfigFormat.detect(Path.of("app.conf"), "  [main] ; comment\r\nhost=a\r\n")).contains(ConfigFormat.INI);
        assertThat(ConfigFormat.detect(Path.of("nginx.conf"), "server {\n  listen 80;\n}\n")).isEmpty();
    }

    @Test
    void jobFileNamesAFormatInAnyCase() {
        assertThat(ConfigFormat.named("YAML")).contains(ConfigFormat.YAML);
        assertThat(ConfigFormat.named("yml")).contains(ConfigFormat.YAML);
        assertThat(ConfigFormat.named("env")).contains(ConfigFormat.ENV);
        assertThat(ConfigFormat.named("toml")).isEmpty();
        assertThat(ConfigFormat.INI.jobFileName()).isEqualTo("ini");
    }

    private static Optional<ConfigFormat> detect(String name) {
        return ConfigFormat.detect(Path.of(name), "");
    }
}
