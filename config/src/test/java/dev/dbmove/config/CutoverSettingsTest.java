package dev.dbmove.config;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cutover section: defaults, the full example, placeholders, each kind of mistake, and the records' own checks. */
class CutoverSettingsTest {
    /** The example of the cutover issue, word for word. */
    static final String EXAMPLE = """
            cutover:
              maxLagSeconds: 5              # refuse to start above this (integer >= 0, default 5)
              requireValidation: 1h         # a clean validate no older than this (duration; default 1h; `none` = not required)
              stop:                         # application services, in order (list, default empty)
                - run: systemctl stop shop-web
                - run: systemctl stop shop-worker
                  timeout: 60s              # per command, default 60s
              freeze: auto                  # auto | none   (source read-only during the drain)
              drainTimeout: 120s            # default 120s
              verify: changed               # changed | all | none  (default changed)
              sequences: auto               # auto | none   (default auto)
              rewrite:                      # list, default empty
                - file: /etc/shop/database.yml
                  set: {production.host: "${target.host}", production.port: "${target.port}", production.adapter: postgresql}
                - file: /etc/shop/app.env
                  set: {DATABASE_URL: "postgres://${target.user}@${target.host}:${target.port}/${target.database}"}
                - file: /etc/shop/legacy.rb
                  replace: {pattern: "database_host'\\\\] = '.*'", with: "database_host'] = '${target.host}'"}
              start:                        # list, default empty; same item shape as stop
                - run: systemctl start shop-worker
                - run: systemctl start shop-web
              health:                       # list, default empty
                - http: http://127.0.0.1:8080/health
                  expect: 200               # default 200
                  within: 60s               # default 60s
                - run: /usr/local/bin/shop-smoke-test
                  within: 60s
            """;

    /** The line of the job file that a line of an appended section is on: {@link JobFiles#VALID} has 21. */
    private static final int FIRST = 22;

    @TempDir
    Path dir;

    private JobFileException failure(String section) {
        return new JobFiles(dir).failure(JobFiles.VALID + section);
    }

    private CutoverSettings load(String section) {
        return new JobFiles(dir).load(JobFiles.VALID + section).cutover();
    }

    private JobFileProblem problem(String section, String keyPath) {
        return JobFiles.problemAt(failure(section), keyPath);
    }

    @Test
    void anAbsentOrEmptySectionMeansTheDefaults() {
        assertThat(new JobFiles(dir).load(JobFiles.VALID).cutover()).isSameAs(CutoverSettings.DEFAULT);
        assertThat(load("cutover:\n")).isSameAs(CutoverSettings.DEFAULT);
        assertThat(load("cutover: {}\n")).isEqualTo(CutoverSettings.DEFAULT);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        CutoverSettings defaults = CutoverSettings.DEFAULT;
        assertThat(defaults.maxLagSeconds()).isEqualTo(5);
        assertThat(defaults.requireValidation()).contains(Duration.ofHours(1));
        assertThat(defaults.stop()).isEmpty();
        assertThat(defaults.freeze()).isEqualTo(CutoverSettings.Freeze.AUTO);
        assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.verify()).isEqualTo(CutoverSettings.Verify.CHANGED);
        assertThat(defaults.sequences()).isEqualTo(CutoverSettings.Sequences.AUTO);
        assertThat(defaults.rewrite()).isEmpty();
        assertThat(defaults.start()).isEmpty();
        assertThat(defaults.health()).isEmpty();
        assertThat(Command.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        assertThat(HealthCheck.DEFAULT_EXPECT).isEqualTo(200);
        assertThat(HealthCheck.DEFAULT_WITHIN).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsTheFullExampleInOrderWithThePlaceholdersKept() {
        CutoverSettings cutover = load(EXAMPLE);

        Map<String, String> database = new LinkedHashMap<>();
        database.put("production.host", "${target.host}");
        database.put("production.port", "${target.port}");
        database.put("production.adapter", "postgresql");
        Duration minute = Duration.ofSeconds(60);
        assertThat(cutover).isEqualTo(new CutoverSettings(5, Optional.of(Duration.ofHours(1)),
                List.of(new Command("systemctl stop shop-web"), new Command("systemctl stop shop-worker", minute, Map.of())),
                CutoverSettings.Freeze.AUTO, Duration.ofMinutes(2), CutoverSettings.Verify.CHANGED, CutoverSettings.Sequences.AUTO,
                List.of(Rewrite.set("/etc/shop/database.yml", Optional.of(Rewrite.Format.YAML), database),
                        Rewrite.set("/etc/shop/app.env", Optional.of(Rewrite.Format.ENV), Map.of("DATABASE_URL",
                                "postgres://${target.user}@${target.host}:${target.port}/${target.database}")),
                        Rewrite.replace("/etc/shop/legacy.rb",
                                new Replace("database_host'\\] = '.*'", "database_host'] = '${target.host}'"))),
                List.of(new Command("systemctl start shop-worker"), new Command("systemctl start shop-web")),
                List.of(HealthCheck.http("http://127.0.0.1:8080/health", 200, minute),
                        HealthCheck.run("/usr/local/bin/shop-smoke-test", minute, Map.of()))));
        // Record equality ignores the order of maps; the order written is kept.
        assertThat(cutover.rewrite().get(0).set().keySet()).containsExactly("production.host", "production.port", "production.adapter");
        assertThat(cutover.rewrite().get(0).format()).contains(Rewrite.Format.YAML); // told by the name
        assertThat(cutover.rewrite().get(2).format()).isEmpty();
        assertThat(cutover.stop()).extracting(Command::run).containsExactly("systemctl stop shop-web", "systemctl stop shop-worker");
        assertThat(cutover.health().get(1).expect()).isZero();
    }

    @Test
    void theCutoverFillsInThePlaceholdersOfTheExample() {
        CutoverSettings cutover = load(EXAMPLE);
        Endpoint target = new Endpoint(DatabaseType.POSTGRESQL, "db2.internal", 6432, "shop", "app", "shop_app",
                Secret.of("pw"), TlsSettings.DEFAULT);
        Endpoint source = new Endpoint(DatabaseType.MARIADB, "db1.internal", 3306, "shop",
                null, "repl", Secret.of("old-pw"), TlsSettings.DEFAULT);
        Function<String, String> values = Placeholders.of(source, target);

        assertThat(Placeholders.expand(cutover.rewrite().get(1).set().get("DATABASE_URL"), values))
                .isEqualTo("postgres://shop_app@db2.internal:6432/shop");
        Replace legacy = cutover.rewrite().get(2).replace().orElseThrow();
        assertThat(legacy.applyTo("config['database_host'] = 'db1.internal'\nconfig['pool'] = 5\n", values))
                .isEqualTo("config['database_host'] = 'db2.internal'\nconfig['pool'] = 5\n");
        assertThat(values.apply("source.schema")).isEqualTo("shop");
        assertThat(values.apply("target.schema")).isEqualTo("app");
        assertThat(values.apply("target.password")).isEqualTo("pw");
        assertThat(values.apply("target.hots")).isNull();
        assertThat(values).asString().doesNotContain("pw");
    }

    @Test
    void keysLeftOutKeepTheirDefaultsAndNoneTurnsTheValidationRequirementOff() {
        CutoverSettings cutover = load("""
                cutover:
                  requireValidation: none
                  verify: all
                  stop:
                    - run: systemctl stop shop-web
                  health:
                    - http: https://shop.example.com/health
                """);

        assertThat(cutover).isEqualTo(new CutoverSettings(5, Optional.empty(), List.of(new Command("systemctl stop shop-web")),
                CutoverSettings.Freeze.AUTO, Duration.ofSeconds(120), CutoverSettings.Verify.ALL, CutoverSettings.Sequences.AUTO,
                List.of(), List.of(), List.of(HealthCheck.http("https://shop.example.com/health", 200, Duration.ofSeconds(60)))));
        assertThat(load("cutover:\n  freeze: none\n  sequences: none\n  verify: none\n  stop: []\n  maxLagSeconds: 0\n"))
                .isEqualTo(new CutoverSettings(0, Optional.of(Duration.ofHours(1)), List.of(), CutoverSettings.Freeze.NONE,
                        Duration.ofSeconds(120), CutoverSettings.Verify.NONE, CutoverSettings.Sequences.NONE, List.of(),
                        List.of(), List.of()));
    }

    @Test
    void commandsTakeAnEnvironmentWhereThePasswordPlaceholdersAreAllowed() {
        CutoverSettings cutover = load("""
                cutover:
                  start:
                    - run: psql -h ${target.host} -U ${target.user} -c 'ANALYZE'
                      timeout: 10m
                      env: {PGPASSWORD: "${target.password}", OLD_PASSWORD: "${source.password}", RAILS_ENV: production}
                  health:
                    - run: /usr/local/bin/shop-smoke-test
                      env:
                        DB_PASSWORD: ${target.password}
                """);

        Command analyze = cutover.start().get(0);
        assertThat(analyze.run()).isEqualTo("psql -h ${target.host} -U ${target.user} -c 'ANALYZE'");
        assertThat(analyze.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(analyze.env().keySet()).containsExactly("PGPASSWORD", "OLD_PASSWORD", "RAILS_ENV");
        assertThat(analyze.env()).containsEntry("PGPASSWORD", "${target.password}").containsEntry("RAILS_ENV", "production");
        assertThat(cutover.health().get(0).env()).containsExactly(Map.entry("DB_PASSWORD", "${target.password}"));
    }

    @Test
    void environmentAndFileReferencesAreResolvedAndWhatTheyGiveStaysLiteral() {
        JobFiles files = new JobFiles(dir, Map.of("TARGET_PASSWORD", "target-pw", "SERVICE", "shop-web",
                "API_TOKEN", "t0k${en", "HEALTH_URL", "http://10.0.0.5:8080/health"));
        files.write("secrets/smoke-token", "from-a-file\n");

        CutoverSettings cutover = files.load(JobFiles.VALID + """
                cutover:
                  stop:
                    - run: systemctl stop ${env:SERVICE}
                      env: {API_TOKEN: "${env:API_TOKEN}", SMOKE: "${file:secrets/smoke-token}"}
                  rewrite:
                    - file: settings.json
                      set: {db.host: "${target.host}", note: "costs $5, written $${literally}"}
                  health:
                    - http: ${env:HEALTH_URL}
                """).cutover();

        Command stop = cutover.stop().get(0);
        assertThat(stop.run()).isEqualTo("systemctl stop shop-web");
        // A ${ in what a reference gives is escaped, so the cutover does not take it for a placeholder.
        assertThat(stop.env()).containsEntry("API_TOKEN", "t0k$${en").containsEntry("SMOKE", "from-a-file");
        assertThat(Placeholders.expand(stop.env().get("API_TOKEN"), name -> "x")).isEqualTo("t0k${en");
        Rewrite settings = cutover.rewrite().get(0);
        assertThat(settings.file()).isEqualTo(dir.resolve("settings.json").toString()); // from the job file's directory
        assertThat(settings.format()).contains(Rewrite.Format.JSON);
        assertThat(settings.set()).containsEntry("note", "costs $5, written $${literally}");
        assertThat(Placeholders.expand(settings.set().get("note"), name -> "x")).isEqualTo("costs $5, written ${literally}");
        assertThat(cutover.health().get(0).http()).contains("http://10.0.0.5:8080/health");
    }

    @Test
    void placeholdersAreFilledInOnlyInTheCutoverSection() {
        JobFileProblem problem = JobFiles.problemAt(new JobFiles(dir).failure(
                JobFiles.validWith("  database: shop\n  schema: public", "  database: shop\n  schema: ${target.schema}")),
                "target.schema");

        assertThat(problem.problem()).isEqualTo("unknown interpolation '${target.schema}'");
        assertThat(problem.fix()).isEqualTo("${target.schema} is filled in only in the cutover section; here use "
                + "${env:NAME}, ${env:NAME:-default} or ${file:PATH}; write $${ for a literal ${");
    }

    @Test
    void anUnknownKeyGetsADidYouMean() {
        JobFileProblem stop = problem("cutover:\n  stpo:\n    - run: systemctl stop shop-web\n", "cutover.stpo");
        assertThat(stop.line()).isEqualTo(FIRST + 1);
        assertThat(stop.column()).isEqualTo(3);
        assertThat(stop.problem()).isEqualTo("unknown key 'stpo'");
        assertThat(stop.fix()).isEqualTo("did you mean 'stop'?");

        JobFileException nested = failure("""
                cutover:
                  stop:
                    - run: systemctl stop shop-web
                      timout: 30s
                  rewrite:
                    - file: /etc/shop/app.env
                      replace: {pattern: x, whith: y}
                  health:
                    - htp: http://127.0.0.1:8080/health
                """);
        JobFileProblem timeout = JobFiles.problemAt(nested, "cutover.stop[0].timout");
        assertThat(timeout.line()).isEqualTo(FIRST + 3);
        assertThat(timeout.fix()).isEqualTo("did you mean 'timeout'?");
        assertThat(JobFiles.problemAt(nested, "cutover.rewrite[0].replace.whith").fix()).isEqualTo("did you mean 'with'?");
        assertThat(JobFiles.problemAt(nested, "cutover.health[0].htp").fix()).isEqualTo("did you mean 'http'?");
        assertThat(problem("cutover:\n  rollback: true\n", "cutover.rollback").fix())
                .isEqualTo("remove it or correct its name; the keys allowed under cutover are: maxLagSeconds, requireValidation,"
                        + " stop, freeze, drainTimeout, verify, sequences, rewrite, start, health");
        assertThat(problem("cutvoer:\n  maxLagSeconds: 5\n", "cutvoer").fix()).isEqualTo("did you mean 'cutover'?");
    }

    @Test
    void wrongTypesAreLocatedWithTheShapeToWrite() {
        JobFileProblem section = problem("cutover: now\n", "cutover");
        assertThat(section.line()).isEqualTo(FIRST);
        assertThat(section.problem()).isEqualTo("expected a mapping, found text 'now'");
        assertThat(section.fix()).contains("cutover: {maxLagSeconds: 5}");

        JobFileException e = failure("""
                cutover:
                  maxLagSeconds: [5]
                  stop: systemctl stop shop-web
                  start:
                    - systemctl start shop-web
                    -
                  rewrite: {file: /etc/shop/app.env}
                  health:
                    - run: [a, b]
                      env: PGPASSWORD=${target.password}
                """);

        JobFileProblem lag = JobFiles.problemAt(e, "cutover.maxLagSeconds");
        assertThat(lag.line()).isEqualTo(FIRST + 1);
        assertThat(lag.problem()).isEqualTo("expected an integer from 0 to 3600, found a list");
        JobFileProblem stop = JobFiles.problemAt(e, "cutover.stop");
        assertThat(stop.line()).isEqualTo(FIRST + 2);
        assertThat(stop.column()).isEqualTo(9);
        assertThat(stop.problem()).isEqualTo("expected a list of commands, found text 'systemctl stop shop-web'");
        assertThat(stop.fix()).isEqualTo("write one `- run: systemctl stop shop-web` item per command below 'stop:',"
                + " or `stop: []` for none");
        JobFileProblem text = JobFiles.problemAt(e, "cutover.start[0]");
        assertThat(text.line()).isEqualTo(FIRST + 4);
        assertThat(text.problem()).isEqualTo("expected a mapping with 'run', found text 'systemctl start shop-web'");
        assertThat(text.fix()).isEqualTo("write each command as a mapping, e.g. `- run: systemctl start shop-web`");
        assertThat(JobFiles.problemAt(e, "cutover.start[1]").problem()).isEqualTo("expected a mapping with 'run', found no value");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite").problem()).isEqualTo("expected a list of rewrites, found a mapping");
        JobFileProblem run = JobFiles.problemAt(e, "cutover.health[0].run");
        assertThat(run.line()).isEqualTo(FIRST + 8);
        assertThat(run.problem()).isEqualTo("expected text, found a list");
        JobFileProblem env = JobFiles.problemAt(e, "cutover.health[0].env");
        assertThat(env.problem()).isEqualTo("expected a mapping of environment variables to values, found text");
        assertThat(env.fix()).isEqualTo("write e.g. `env: {DB_PASSWORD: \"${target.password}\"}`");
        assertThat(e.problems()).hasSize(7);
    }

    @Test
    void badOrOutOfRangeDurationsAndNumbersAreProblems() {
        JobFileException e = failure("""
                cutover:
                  maxLagSeconds: -1
                  requireValidation: soon
                  drainTimeout: 2 minutes
                  stop:
                    - run: systemctl stop shop-web
                      timeout: 0s
                  health:
                    - http: http://127.0.0.1:8080/health
                      expect: 700
                      within: forever
                """);

        assertThat(JobFiles.problemAt(e, "cutover.maxLagSeconds").problem()).isEqualTo("expected an integer from 0 to 3600, found '-1'");
        JobFileProblem requireValidation = JobFiles.problemAt(e, "cutover.requireValidation");
        assertThat(requireValidation.line()).isEqualTo(FIRST + 2);
        assertThat(requireValidation.column()).isEqualTo(22);
        assertThat(requireValidation.problem()).isEqualTo("'soon' is not a duration: expected a whole number at 'soon'");
        assertThat(requireValidation.fix()).isEqualTo("write a duration such as 500ms, 30s, 5m or 1h (a bare number means"
                + " seconds); here from 1m to 720h, e.g. `requireValidation: 1h`, or `requireValidation: none`");
        JobFileProblem drain = JobFiles.problemAt(e, "cutover.drainTimeout");
        assertThat(drain.problem()).startsWith("'2 minutes' is not a duration: ");
        assertThat(drain.fix()).endsWith("here from 1s to 24h, e.g. `drainTimeout: 2m`");
        JobFileProblem timeout = JobFiles.problemAt(e, "cutover.stop[0].timeout");
        assertThat(timeout.line()).isEqualTo(FIRST + 6);
        assertThat(timeout.problem()).isEqualTo("expected a duration from 1s to 24h, found '0s'");
        JobFileProblem expect = JobFiles.problemAt(e, "cutover.health[0].expect");
        assertThat(expect.problem()).isEqualTo("expected an integer from 100 to 599, found '700'");
        assertThat(expect.fix()).contains("expect: 200");
        assertThat(JobFiles.problemAt(e, "cutover.health[0].within").problem()).startsWith("'forever' is not a duration");
        assertThat(e.problems()).hasSize(6);

        assertThat(problem("cutover:\n  requireValidation: 30s\n", "cutover.requireValidation").problem())
                .isEqualTo("expected a duration from 1m to 720h or 'none', found '30s'");
        assertThat(problem("cutover:\n  requireValidation: [1h]\n", "cutover.requireValidation").problem())
                .isEqualTo("expected a duration from 1m to 720h or 'none', found a list");
    }

    @Test
    void anUnknownChoiceNamesTheChoices() {
        JobFileProblem freeze = problem("cutover:\n  freeze: maybe\n", "cutover.freeze");
        assertThat(freeze.line()).isEqualTo(FIRST + 1);
        assertThat(freeze.column()).isEqualTo(11);
        assertThat(freeze.problem()).isEqualTo("unknown freeze mode 'maybe'");
        assertThat(freeze.fix()).isEqualTo("use `freeze: auto` (the source is made read-only while the last changes drain)"
                + " or `freeze: none` (it stays writable; the stop commands must stop every writer)");

        JobFileException e = failure("cutover:\n  verify: chnaged\n  sequences: AUTO\n  freeze: [auto]\n");
        assertThat(JobFiles.problemAt(e, "cutover.verify").fix()).startsWith("did you mean 'changed'? use `verify: changed`");
        assertThat(JobFiles.problemAt(e, "cutover.sequences").problem()).isEqualTo("unknown sequences mode 'AUTO'");
        assertThat(JobFiles.problemAt(e, "cutover.sequences").fix()).startsWith("did you mean 'auto'? ");
        assertThat(JobFiles.problemAt(e, "cutover.freeze").problem()).isEqualTo("expected text, found a list");
    }

    @Test
    void aRewriteNeedsEitherSetOrReplace() {
        JobFileException e = failure("""
                cutover:
                  rewrite:
                    - file: /etc/shop/database.yml
                      set: {production.host: "${target.host}"}
                    - file: /etc/shop/app.env
                    - file: /etc/shop/legacy.rb
                      set: {database_host: "${target.host}"}
                      replace: {pattern: "host = .*", with: "host = ${target.host}"}
                """);

        JobFileProblem neither = JobFiles.problemAt(e, "cutover.rewrite[1]");
        assertThat(neither.line()).isEqualTo(FIRST + 4);
        assertThat(neither.column()).isEqualTo(7);
        assertThat(neither.problem()).isEqualTo("a rewrite needs 'set' or 'replace'");
        assertThat(neither.fix()).isEqualTo("add `set: {production.host: \"${target.host}\"}` to set keys of a yaml, json,"
                + " properties, env or ini file, or `replace: {pattern: \"host = .*\", with: \"host = ${target.host}\"}`"
                + " to edit it as text");
        JobFileProblem both = JobFiles.problemAt(e, "cutover.rewrite[2]");
        assertThat(both.line()).isEqualTo(FIRST + 5);
        assertThat(both.problem()).isEqualTo("a rewrite has both 'set' and 'replace'");
        assertThat(both.fix()).isEqualTo("split it into two rewrites of the same file, one with 'set' and one with 'replace'");
        assertThat(e.problems()).hasSize(2);

        JobFileException empty = failure("cutover:\n  rewrite:\n    - file: a.yml\n      set: {}\n    - file: b.yml\n      set:\n"
                + "    - set: {a: b}\n");
        assertThat(JobFiles.problemAt(empty, "cutover.rewrite[0].set").problem()).isEqualTo("'set' names no keys");
        assertThat(JobFiles.problemAt(empty, "cutover.rewrite[1].set").problem()).isEqualTo("'set' has no value");
        JobFileProblem noFile = JobFiles.problemAt(empty, "cutover.rewrite[2].file");
        assertThat(noFile.problem()).isEqualTo("missing required key 'file'");
        assertThat(noFile.fix()).isEqualTo("add `file: /etc/shop/database.yml` under cutover.rewrite[2]");
    }

    @Test
    void theFormatComesFromTheNameOrIsGiven() {
        CutoverSettings cutover = load("""
                cutover:
                  rewrite:
                    - file: /etc/shop/database.conf
                      format: ini
                      set: {production.host: "${target.host}"}
                    - file: /srv/shop/.env.production
                      set: {DB_HOST: "${target.host}"}
                    - file: /etc/shop/settings
                      format: properties
                      set: {db.host: "${target.host}"}
                """);
        assertThat(cutover.rewrite()).extracting(Rewrite::format).containsExactly(Optional.of(Rewrite.Format.INI),
                Optional.of(Rewrite.Format.ENV), Optional.of(Rewrite.Format.PROPERTIES));

        JobFileException e = failure("""
                cutover:
                  rewrite:
                    - file: /etc/shop/database.conf
                      set: {production.host: "${target.host}"}
                    - file: /etc/shop/app.cfg
                      format: xml
                      set: {host: "${target.host}"}
                    - file: /etc/shop/legacy.rb
                      format: yaml
                      replace: {pattern: "host = .*", with: "host = ${target.host}"}
                    - file: /etc/shop/app.env
                      set: {database.host: "${target.host}"}
                """);
        JobFileProblem unnamed = JobFiles.problemAt(e, "cutover.rewrite[0].file");
        assertThat(unnamed.line()).isEqualTo(FIRST + 2);
        assertThat(unnamed.problem()).isEqualTo("cannot tell the format of '/etc/shop/database.conf' from its name");
        assertThat(unnamed.fix()).isEqualTo("add `format: yaml` to this rewrite, or whichever of yaml, json, properties,"
                + " env or ini the file is written in");
        JobFileProblem xml = JobFiles.problemAt(e, "cutover.rewrite[1].format");
        assertThat(xml.problem()).isEqualTo("unknown file format 'xml'");
        assertThat(xml.fix()).isEqualTo("use one of: yaml, json, properties, env or ini");
        JobFileProblem textEdit = JobFiles.problemAt(e, "cutover.rewrite[2].format");
        assertThat(textEdit.line()).isEqualTo(FIRST + 8);
        assertThat(textEdit.problem()).isEqualTo("'format' applies to 'set'; 'replace' edits the file as text");
        JobFileProblem envKey = JobFiles.problemAt(e, "cutover.rewrite[3].set.database.host");
        assertThat(envKey.problem()).isEqualTo("'database.host' is not a variable name for an env file");
        assertThat(e.problems()).hasSize(4);
    }

    @Test
    void anInvalidRegularExpressionIsAProblemWithTheRegexError() {
        JobFileProblem problem = problem("""
                cutover:
                  rewrite:
                    - file: /etc/shop/legacy.rb
                      replace:
                        pattern: "database_host = ([a-z"
                        with: "database_host = ${target.host}"
                """, "cutover.rewrite[0].replace.pattern");

        assertThat(problem.line()).isEqualTo(FIRST + 4);
        assertThat(problem.column()).isEqualTo(18);
        assertThat(problem.problem()).isEqualTo("invalid regular expression 'database_host = ([a-z': unclosed character class"
                + " near position 21");
        assertThat(problem.fix()).startsWith("write a Java regular expression; put \\ before ( ) [ ] { } . * + ? ^ $ | \\");

        // A placeholder matches its value literally, so it cannot make a pattern invalid.
        Replace oldHost = load("cutover:\n  rewrite:\n    - file: a.rb\n      replace: {pattern: \"${source.host}\", with: \"${target.host}\"}\n")
                .rewrite().get(0).replace().orElseThrow();
        assertThat(oldHost.applyTo("host = 'db.1' or 'dbx1'", Map.of("source.host", "db.1", "target.host", "$new\\")::get))
                .isEqualTo("host = '$new\\' or 'dbx1'");

        JobFileException e = failure("cutover:\n  rewrite:\n    - file: a.rb\n      replace: {with: x}\n"
                + "    - file: b.rb\n      replace: {pattern: x}\n    - file: c.rb\n      replace: {pattern: x, with: \"\"}\n");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite[0].replace.pattern").problem()).isEqualTo("missing required key 'pattern'");
        JobFileProblem with = JobFiles.problemAt(e, "cutover.rewrite[1].replace.with");
        assertThat(with.problem()).isEqualTo("missing required key 'with'");
        assertThat(with.fix()).isEqualTo("add `with: \"host = ${target.host}\"` under cutover.rewrite[1].replace,"
                + " or `with: \"\"` to delete what matches");
        assertThat(e.problems()).hasSize(2); // an empty 'with' deletes the matches
    }

    @Test
    void aHealthCheckIsAnHttpUrlOrACommand() {
        JobFileException e = failure("""
                cutover:
                  health:
                    - http: ftp://127.0.0.1/health
                    - http: "http://exa mple.com/health"
                    - http: /health
                    - http: http://127.0.0.1:8080/health
                      run: /usr/local/bin/shop-smoke-test
                    - within: 30s
                    - run: /usr/local/bin/shop-smoke-test
                      expect: 0
                    - http: http://${target.hots}:8080/
                """);

        JobFileProblem ftp = JobFiles.problemAt(e, "cutover.health[0].http");
        assertThat(ftp.line()).isEqualTo(FIRST + 2);
        assertThat(ftp.column()).isEqualTo(13);
        assertThat(ftp.problem()).isEqualTo("'ftp://127.0.0.1/health' is not an http or https URL: the scheme is 'ftp', not http or https");
        assertThat(ftp.fix()).isEqualTo("write the whole URL, e.g. `http: http://127.0.0.1:8080/health`");
        assertThat(JobFiles.problemAt(e, "cutover.health[1].http").problem())
                .isEqualTo("'http://exa mple.com/health' is not an http or https URL: illegal character in authority");
        assertThat(JobFiles.problemAt(e, "cutover.health[2].http").problem())
                .isEqualTo("'/health' is not an http or https URL: it has no scheme; start it with http:// or https://");
        assertThat(JobFiles.problemAt(e, "cutover.health[3]").problem()).isEqualTo("a health check has both 'http' and 'run'");
        JobFileProblem neither = JobFiles.problemAt(e, "cutover.health[4]");
        assertThat(neither.problem()).isEqualTo("a health check needs 'http' or 'run'");
        assertThat(neither.fix()).isEqualTo("add `http: http://127.0.0.1:8080/health` to wait for an HTTP status,"
                + " or `run: /usr/local/bin/smoke-test` to wait for a command to exit with status 0");
        JobFileProblem expect = JobFiles.problemAt(e, "cutover.health[5].expect");
        assertThat(expect.line()).isEqualTo(FIRST + 9);
        assertThat(expect.problem()).isEqualTo("'expect' applies to http checks; a run check passes when its command exits with status 0");
        assertThat(JobFiles.problemAt(e, "cutover.health[6].http").fix()).isEqualTo("did you mean '${target.host}'?");
        assertThat(e.problems()).hasSize(7);

        assertThat(load("cutover:\n  health:\n    - http: http://${target.host}:${target.port}/health\n      expect: 204\n")
                .health()).containsExactly(HealthCheck.http("http://${target.host}:${target.port}/health", 204, Duration.ofSeconds(60)));
        assertThat(problem("cutover:\n  health:\n    - http: http://x/\n      env: {A: b}\n", "cutover.health[0].env").problem())
                .isEqualTo("'env' applies to run checks; an http check runs no command");
    }

    @Test
    void anUnknownPlaceholderGetsADidYouMean() {
        JobFileException e = failure("""
                cutover:
                  stop:
                    - run: ssh ${target.hots} systemctl stop shop-web
                  rewrite:
                    - file: /etc/shop/app.env
                      set: {DATABASE_HOST: "${Target.Host}", DATABASE_NAME: "${db}", DATABASE_PORT: "${target.prot}"}
                """);

        JobFileProblem run = JobFiles.problemAt(e, "cutover.stop[0].run");
        assertThat(run.line()).isEqualTo(FIRST + 2);
        assertThat(run.column()).isEqualTo(12);
        assertThat(run.problem()).isEqualTo("unknown placeholder '${target.hots}'");
        assertThat(run.fix()).isEqualTo("did you mean '${target.host}'?");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite[0].set.DATABASE_HOST").fix()).isEqualTo("did you mean '${target.host}'?");
        JobFileProblem db = JobFiles.problemAt(e, "cutover.rewrite[0].set.DATABASE_NAME");
        assertThat(db.problem()).isEqualTo("unknown placeholder '${db}'");
        assertThat(db.fix()).isEqualTo("use ${target.host}, ${target.port}, ${target.user}, ${target.database}, ${target.schema},"
                + " ${target.password} and the same with source., or ${env:NAME}, ${env:NAME:-default} or ${file:PATH};"
                + " write $${ for a literal ${");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite[0].set.DATABASE_PORT").fix()).isEqualTo("did you mean '${target.port}'?");
        assertThat(e.problems()).hasSize(4);

        JobFileProblem env = problem("cutover:\n  stop:\n    - run: x\n      env: {PGPASSWORD: \"${target.pasword}\"}\n",
                "cutover.stop[0].env.PGPASSWORD");
        assertThat(env.problem()).isEqualTo("unknown placeholder '${target.pasword}' in the variable PGPASSWORD");
        assertThat(env.fix()).isEqualTo("did you mean '${target.password}'?");
    }

    @Test
    void aPasswordPlaceholderOutsideACommandsEnvironmentIsRefused() {
        JobFileException e = failure("""
                cutover:
                  stop:
                    - run: PGPASSWORD=${target.password} psql -c 'SELECT 1'
                  rewrite:
                    - file: /etc/shop/app.env
                      set: {DATABASE_URL: "postgres://${target.user}:${target.password}@${target.host}/shop"}
                    - file: /etc/shop/legacy.rb
                      replace: {pattern: "password = .*", with: "password = '${source.password}'"}
                  health:
                    - http: http://shop:${target.password}@127.0.0.1:8080/health
                """);

        JobFileProblem run = JobFiles.problemAt(e, "cutover.stop[0].run");
        assertThat(run.line()).isEqualTo(FIRST + 2);
        assertThat(run.problem()).isEqualTo("'${target.password}' is allowed only in a command's 'env:', so that the password"
                + " does not end up in a file, a URL or a command line");
        assertThat(run.fix()).isEqualTo("pass it to a command through the environment, e.g."
                + " `env: {DB_PASSWORD: \"${target.password}\"}`, and let the command read $DB_PASSWORD");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite[0].set.DATABASE_URL").problem()).startsWith("'${target.password}' is allowed only");
        assertThat(JobFiles.problemAt(e, "cutover.rewrite[1].replace.with").problem()).startsWith("'${source.password}' is allowed only");
        assertThat(JobFiles.problemAt(e, "cutover.health[0].http").problem()).startsWith("'${target.password}' is allowed only");
        assertThat(e.problems()).hasSize(4);
    }

    @Test
    void environmentVariablesNeedNamesAndValues() {
        JobFileException e = failure("""
                cutover:
                  start:
                    - run: systemctl start shop-web
                      env:
                        DB-PASSWORD: x
                        EMPTY:
                        OK: ""
                        OK: again
                """);

        JobFileProblem name = JobFiles.problemAt(e, "cutover.start[0].env.DB-PASSWORD");
        assertThat(name.line()).isEqualTo(FIRST + 4);
        assertThat(name.problem()).isEqualTo("'DB-PASSWORD' is not an environment variable name");
        assertThat(JobFiles.problemAt(e, "cutover.start[0].env.EMPTY").problem()).isEqualTo("'EMPTY' has no value");
        assertThat(JobFiles.problemAt(e, "cutover.start[0].env.OK").problem()).isEqualTo("duplicate key 'OK'");
        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void everyProblemOfTheSectionIsReportedTogetherInFileOrder() {
        JobFileException e = failure("""
                cutover:
                  maxLagSeconds: soon
                  stpo: []
                  freeze: maybe
                  stop:
                    - run: systemctl stop ${target.hots}
                      timeout: 1y
                  rewrite:
                    - file: /etc/shop/app.env
                    - file: /etc/shop/legacy.rb
                      replace: {pattern: "(", with: "${target.password}"}
                  health:
                    - http: gopher://x
                """);

        assertThat(e.problems()).extracting(JobFileProblem::keyPath).containsExactly("cutover.maxLagSeconds", "cutover.stpo",
                "cutover.freeze", "cutover.stop[0].run", "cutover.stop[0].timeout", "cutover.rewrite[0]",
                "cutover.rewrite[1].replace.pattern", "cutover.rewrite[1].replace.with", "cutover.health[0].http");
        assertThat(e.problems()).extracting(JobFileProblem::line).containsExactly(FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 5,
                FIRST + 6, FIRST + 8, FIRST + 10, FIRST + 10, FIRST + 12);
        assertThat(e.getMessage()).contains("dbmove.yaml:" + (FIRST + 3) + ":11: cutover.freeze: unknown freeze mode 'maybe'");
    }

    @Test
    void secretsInACommandsEnvironmentNeverShow() {
        String secret = "s3cr3t-t0k3n";
        JobFiles files = new JobFiles(dir, Map.of("TARGET_PASSWORD", "target-pw", "API_TOKEN", secret));
        JobConfig config = files.load(JobFiles.VALID + """
                cutover:
                  start:
                    - run: systemctl start shop-web
                      env: {API_TOKEN: "${env:API_TOKEN}", LITERAL: "%s"}
                  health:
                    - run: /usr/local/bin/shop-smoke-test
                      env: {API_TOKEN: "${env:API_TOKEN}"}
                """.formatted(secret));

        assertThat(config.cutover().start().get(0).env()).containsEntry("API_TOKEN", secret);
        assertThat(config.toString()).doesNotContain(secret).doesNotContain("s3cr3t")
                .contains("env={API_TOKEN=******, LITERAL=******}");
        assertThat(config.cutover().health().get(0).toString()).doesNotContain(secret);

        // Problems in a variable's value name the variable, not the value.
        JobFileException e = files.failure(files.write("dbmove.yaml", JobFiles.VALID + """
                cutover:
                  stop:
                    - run: x
                      env: {A: "%s${", B: "%s${vault:x}", C: "${env:%s}", D: "%s${nope}"}
                """.formatted(secret, secret, secret, secret)));
        assertThat(e.problems()).extracting(JobFileProblem::problem).containsExactly(
                "unterminated '${' in the variable A (value not shown)",
                "unknown interpolation '${...}' in the variable B (value not shown)",
                "the variable C refers to an invalid environment variable name (value not shown)",
                "unknown placeholder '${...}' in the variable D (value not shown)");
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void aSyntaxErrorDoesNotQuoteAPasswordGivenToACommand() {
        JobFileException e = failure("cutover:\n  stop:\n    - run: x\n      env: {PGPASSWORD: *s3cr3t-Pa55}\n");

        assertThat(e.getMessage()).contains("YAML syntax error").doesNotContain("s3cr3t").doesNotContain("Pa55");
    }

    @Test
    void theRecordsCheckWhatTheyAreGiven() {
        Duration minute = Duration.ofMinutes(1);
        Map<String, String> env = new LinkedHashMap<>(Map.of("PGPASSWORD", "${target.password}"));
        Command command = new Command("psql", minute, env);
        env.put("OTHER", "x");
        assertThat(command.env()).containsOnlyKeys("PGPASSWORD");
        assertThatThrownBy(() -> command.env().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Command("x", minute, null).env()).isEmpty();

        assertThatThrownBy(() -> new Command(" ", minute, Map.of())).hasMessageContaining("run");
        assertThatThrownBy(() -> new Command("x", Duration.ZERO, Map.of())).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new Command("x", Duration.ofHours(25), Map.of())).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new Command("echo ${target.password}", minute, Map.of()))
                .hasMessageContaining("allowed only in a command's env");
        assertThatThrownBy(() -> new Command("ssh ${target.hots}", minute, Map.of())).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> new Command("x", minute, Map.of("A-B", "x"))).hasMessageContaining("A-B");

        assertThatThrownBy(() -> new Rewrite("a.yml", Optional.empty(), Map.of(), Optional.empty()))
                .hasMessageContaining("needs either set or replace");
        assertThatThrownBy(() -> new Rewrite("a.yml", Optional.empty(), Map.of("a", "b"), Optional.of(new Replace("x", "y"))))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Rewrite.set("a.conf", Optional.empty(), Map.of("a", "b"))).hasMessageContaining("format");
        assertThatThrownBy(() -> new Rewrite("a.rb", Optional.of(Rewrite.Format.YAML), Map.of(), Optional.of(new Replace("x", "y"))))
                .hasMessageContaining("format applies to set only");
        assertThatThrownBy(() -> Rewrite.set("a.yml", Optional.empty(), Map.of("a", "${source.password}")))
                .hasMessageContaining("allowed only in a command's env");
        assertThat(Rewrite.set("a.conf", Optional.of(Rewrite.Format.INI), Map.of("a.b", "c")).format()).contains(Rewrite.Format.INI);
        assertThat(Rewrite.set("config/.env", Optional.empty(), Map.of("A", "c")).format()).contains(Rewrite.Format.ENV);

        assertThatThrownBy(() -> new Replace("(", "x")).hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> new Replace("", "x")).hasMessageContaining("pattern");

        assertThatThrownBy(() -> HealthCheck.http("ftp://x/", 200, minute)).hasMessageContaining("scheme");
        assertThatThrownBy(() -> HealthCheck.http("http://x/", 99, minute)).hasMessageContaining("expect");
        assertThatThrownBy(() -> new HealthCheck(Optional.of("http://x/"), Optional.of("y"), 200, minute, Map.of()))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new HealthCheck(Optional.empty(), Optional.of("y"), 200, minute, Map.of()))
                .hasMessageContaining("exit status 0");

        assertThatThrownBy(() -> withLag(-1)).hasMessageContaining("maxLagSeconds");
        assertThatThrownBy(() -> withLag(3601)).hasMessageContaining("maxLagSeconds");
        assertThatThrownBy(() -> new CutoverSettings(5, Optional.of(Duration.ofSeconds(59)), List.of(), CutoverSettings.Freeze.AUTO,
                minute, CutoverSettings.Verify.ALL, CutoverSettings.Sequences.AUTO, List.of(), List.of(), List.of()))
                .hasMessageContaining("requireValidation");
        List<Command> stop = new java.util.ArrayList<>(List.of(command));
        CutoverSettings settings = new CutoverSettings(5, Optional.empty(), stop, CutoverSettings.Freeze.AUTO, minute,
                CutoverSettings.Verify.ALL, CutoverSettings.Sequences.AUTO, List.of(), List.of(), List.of());
        stop.clear();
        assertThat(settings.stop()).containsExactly(command);
    }

    @Test
    void jobConfigsBuiltWithoutCutoverSettingsGetTheDefaults() {
        Endpoint endpoint = new Endpoint(DatabaseType.POSTGRESQL, "h", 5432, "d", "public", "u", Secret.of("pw"),
                TlsSettings.DEFAULT);
        Path file = Path.of("dbmove.yaml");

        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL).cutover()).isSameAs(CutoverSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null).cutover()).isSameAs(CutoverSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null, null).cutover())
                .isSameAs(CutoverSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null, null, null).cutover())
                .isSameAs(CutoverSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null, null, null).toString())
                .contains("cutover=CutoverSettings[maxLagSeconds=5").doesNotContain("=pw");
    }

    @Test
    void otherValidationSettingsKeepTheCutover() {
        JobConfig job = new JobFiles(dir).load(JobFiles.VALID + EXAMPLE);
        ValidationSettings faster = new ValidationSettings(8, Duration.ofSeconds(1), 0, Duration.ZERO, 0, List.of());

        JobConfig changed = job.withValidation(faster);

        assertThat(changed.validation()).isSameAs(faster);
        assertThat(changed.cutover()).isSameAs(job.cutover());
        assertThat(changed).isEqualTo(new JobConfig(job.file(), job.job(), job.source(), job.target(), job.tables(),
                job.replication(), faster, job.cutover()));
    }

    private static CutoverSettings withLag(int seconds) {
        return new CutoverSettings(seconds, Optional.empty(), List.of(), CutoverSettings.Freeze.AUTO, Duration.ofMinutes(1),
                CutoverSettings.Verify.ALL, CutoverSettings.Sequences.AUTO, List.of(), List.of(), List.of());
    }
}
