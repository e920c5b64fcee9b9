package dev.dbmove.config;

import dev.dbmove.core.DidYouMean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of mistake a person makes in a job file, and the located message it gets. */
class ValidationTest {
    @TempDir
    Path dir;

    private JobFileException failure(String yaml) {
        return new JobFiles(dir).failure(yaml);
    }

    @Test
    void unknownKeyGetsItsPositionAndADidYouMean() {
        JobFileException e = failure(JobFiles.VALID.replace("  host: 127.0.0.1\n  port: 3306", "  hots: 127.0.0.1\n  port: 3306"));

        Path file = dir.resolve("dbmove.yaml");
        JobFileProblem problem = JobFiles.problemAt(e, "source.hots");
        assertThat(problem.file()).isEqualTo(file);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.column()).isEqualTo(3);
        assertThat(problem.problem()).isEqualTo("unknown key 'hots'");
        assertThat(problem.fix()).isEqualTo("did you mean 'host'?");
        assertThat(e.getMessage()).contains(file + ":4:3: source.hots: unknown key 'hots'\n  fix: did you mean 'host'?");
    }

    @Test
    void unknownKeyWithACaseDifferenceSuggestsTheRightCase() {
        JobFileException e = failure(JobFiles.VALID.replace("tables:", "Tables:"));

        assertThat(JobFiles.problemAt(e, "Tables").fix()).isEqualTo("did you mean 'tables'?");
    }

    @Test
    void unknownKeyWithoutACloseMatchListsTheAllowedKeys() {
        JobFileException e = failure(JobFiles.VALID.replace("    mode: prefer", "    mode: prefer\n    certificate: x.pem"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.tls.certificate");
        assertThat(problem.problem()).isEqualTo("unknown key 'certificate'");
        assertThat(problem.fix()).isEqualTo("remove it or correct its name; the keys allowed under source.tls are: mode, ca");
        assertThat(problem.line()).isEqualTo(11);
        assertThat(problem.column()).isEqualTo(5);
    }

    @Test
    void unknownTopLevelKeyListsTheTopLevelKeys() {
        JobFileException e = failure(JobFiles.VALID + "replicaton_threads: 4\n");

        assertThat(JobFiles.problemAt(e, "replicaton_threads").fix())
                .isEqualTo("remove it or correct its name; the keys allowed at the top level are: job, source, target, tables,"
                        + " replication, validation, cutover");
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void aListWhereTextIsExpectedIsAWrongType() {
        JobFileException e = failure(JobFiles.VALID.replace("  user: repl", "  user: [repl, other]"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.user");
        assertThat(problem.problem()).isEqualTo("expected text, found a list");
        assertThat(problem.fix()).contains("user: dbmove");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.column()).isEqualTo(9);
    }

    @Test
    void aMappingWhereTextIsExpectedIsAWrongType() {
        JobFileException e = failure(JobFiles.VALID.replace("job: shop-move", "job:\n  name: shop-move"));

        assertThat(JobFiles.problemAt(e, "job").problem()).isEqualTo("expected text, found a mapping");
    }

    @Test
    void textWhereASectionIsExpectedIsAWrongType() {
        JobFileException e = failure("""
                job: m
                source: mysql://db/app
                target:
                  type: postgresql
                  host: b
                  database: app
                  user: u
                  tls: require
                tables: everything
                """);

        assertThat(JobFiles.problemAt(e, "source").problem())
                .isEqualTo("expected the connection settings, found text 'mysql://db/app'");
        assertThat(JobFiles.problemAt(e, "target.tls").problem()).startsWith("expected a mapping").endsWith("found text 'require'");
        assertThat(JobFiles.problemAt(e, "tables").problem()).startsWith("expected a mapping");
        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void aSectionWithoutValueIsReportedAtItsKey() {
        JobFileException e = failure(JobFiles.VALID.replaceAll("(?s)target:.*tables:", "target:\ntables:"));

        JobFileProblem problem = JobFiles.problemAt(e, "target");
        assertThat(problem.problem()).isEqualTo("expected the connection settings, found no value");
        assertThat(problem.line()).isEqualTo(11);
        assertThat(problem.column()).isEqualTo(1);
    }

    @Test
    void missingRequiredKeyIsReportedAtTheEnclosingMappingWithTheLineToAdd() {
        JobFileException e = failure(JobFiles.VALID.replace("  database: shop\n  user: repl\n", "  user: repl\n"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.database");
        assertThat(problem.problem()).isEqualTo("missing required key 'database'");
        assertThat(problem.fix()).isEqualTo("add `database: app` under source");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(3);
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void missingTopLevelKeysAreEachReported() {
        JobFileException e = failure("""
                # a job file with only tables
                tables:
                  include: orders
                """);

        assertThat(e.problems()).extracting(JobFileProblem::keyPath).containsExactly("job", "source", "target");
        assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
        });
        assertThat(JobFiles.problemAt(e, "job").fix()).isEqualTo("add `job: my-move` at the top level");
        assertThat(JobFiles.problemAt(e, "source").fix()).contains("source: {type: mysql, host: db.example.com");
    }

    @Test
    void emptyRequiredValueIsAnError() {
        JobFileException e = failure(JobFiles.VALID.replace("  user: repl", "  user:").replace("job: shop-move", "job: \"\""));

        assertThat(JobFiles.problemAt(e, "source.user").problem()).isEqualTo("'user' has no value");
        assertThat(JobFiles.problemAt(e, "job").problem()).isEqualTo("'job' is empty");
    }

    @Test
    void portMustBeAWholeNumberInRange() {
        for (String bad : new String[] {"70000", "0", "-1", "abc", "3306.5", "0x1F", "99999999999"}) {
            JobFileException e = failure(JobFiles.VALID.replace("port: 3306", "port: " + bad));

            JobFileProblem problem = JobFiles.problemAt(e, "source.port");
            assertThat(problem.problem()).isEqualTo("'" + bad + "' is not a port number");
            assertThat(problem.fix()).isEqualTo("use a whole number from 1 to 65535, or leave port out for 3306, the default for mariadb");
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.column()).isEqualTo(9);
        }
    }

    @Test
    void unknownDatabaseTypeListsTheAllowedNamesAndSuggestsTheClosest() {
        JobFileException e = failure(JobFiles.VALID.replace("type: postgresql", "type: postgres").replace("type: mariadb", "type: oracle"));

        JobFileProblem target = JobFiles.problemAt(e, "target.type");
        assertThat(target.problem()).isEqualTo("unknown database type 'postgres'");
        assertThat(target.fix()).isEqualTo("did you mean 'postgresql'? use one of: mysql | mariadb | postgresql");
        JobFileProblem source = JobFiles.problemAt(e, "source.type");
        assertThat(source.fix()).isEqualTo("use one of: mysql | mariadb | postgresql");
        assertThat(source.line()).isEqualTo(3);
        assertThat(source.column()).isEqualTo(9);
    }

    @Test
    void unknownTlsModeListsTheAllowedModes() {
        JobFileException e = failure(JobFiles.VALID.replace("mode: prefer", "mode: verify_full"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.tls.mode");
        assertThat(problem.problem()).isEqualTo("unknown TLS mode 'verify_full'");
        assertThat(problem.fix()).isEqualTo("did you mean 'verify-full'? use one of: disable | prefer | require | verify-ca | verify-full");
    }

    @Test
    void missingCaFileIsALocatedError() {
        JobFileException e = failure(JobFiles.VALID.replace("    mode: prefer", "    mode: verify-full\n    ca: certs/rds-ca.pem"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.tls.ca");
        assertThat(problem.problem()).isEqualTo("cannot read CA file " + dir.resolve("certs/rds-ca.pem") + ": no such file");
        assertThat(problem.line()).isEqualTo(11);
        assertThat(problem.column()).isEqualTo(9);
    }

    @Test
    void caThatIsADirectoryIsAnError() {
        JobFileException e = failure(JobFiles.VALID.replace("    mode: prefer", "    mode: verify-full\n    ca: " + dir));

        assertThat(JobFiles.problemAt(e, "source.tls.ca").problem()).endsWith(": is a directory");
    }

    @Test
    void invalidJobNameExplainsTheRuleAndWhy() {
        JobFileException e = failure(JobFiles.VALID.replace("job: shop-move", "job: Shop Move"));

        JobFileProblem problem = JobFiles.problemAt(e, "job");
        assertThat(problem.problem()).isEqualTo("'Shop Move' is not a valid job name");
        assertThat(problem.fix())
                .contains("lower-case letters, digits, '-' and '_'", "starting with a letter", "40", "replication slot")
                .contains("`job: shop-move`");
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.column()).isEqualTo(6);
    }

    @Test
    void jobNameLongerThanFortyCharactersIsRejected() {
        JobFileException e = failure(JobFiles.VALID.replace("job: shop-move", "job: " + "a".repeat(41)));

        assertThat(JobFiles.problemAt(e, "job").problem()).endsWith("is not a valid job name");
    }

    @Test
    void schemaOnAMariaDbEndpointIsAnErrorExplainingWhy() {
        JobFileException e = failure(JobFiles.VALID.replace("  database: shop\n  user: repl", "  database: shop\n  schema: sales\n  user: repl"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.schema");
        assertThat(problem.problem()).isEqualTo("'schema' does not apply to mariadb: in MySQL and MariaDB the database is the schema");
        assertThat(problem.fix()).contains("'database'");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.column()).isEqualTo(3);
    }

    @Test
    void duplicateKeyIsReportedAtTheSecondOccurrence() {
        JobFileException e = failure(JobFiles.VALID.replace("  user: dbmove", "  user: dbmove\n  host: 10.0.0.2"));

        JobFileProblem problem = JobFiles.problemAt(e, "target.host");
        assertThat(problem.problem()).isEqualTo("duplicate key 'host'");
        assertThat(problem.fix()).contains("line 13");
        assertThat(problem.line()).isEqualTo(18);
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void includeAndExcludeMayBeOneStringOrAListOfStrings() {
        JobConfig config = new JobFiles(dir).load(JobFiles.VALID.replace("include: [\"*\"]", "include: orders")
                .replace("exclude: [\"audit_*\"]", "exclude:\n    - audit_*\n    - tmp_?"));

        assertThat(config.tables().include()).containsExactly("orders");
        assertThat(config.tables().exclude()).containsExactly("audit_*", "tmp_?");
    }

    @Test
    void tablePatternListsAcceptOnlyText() {
        JobFileException e = failure(JobFiles.VALID.replace("include: [\"*\"]", "include: [orders, [nested], \"\"]")
                .replace("exclude: [\"audit_*\"]", "exclude: {audit: yes}"));

        assertThat(JobFiles.problemAt(e, "tables.include[1]").problem()).isEqualTo("expected text, found a list");
        assertThat(JobFiles.problemAt(e, "tables.include[2]").problem()).isEqualTo("empty table name or pattern");
        assertThat(JobFiles.problemAt(e, "tables.exclude").problem()).isEqualTo("expected text, found a mapping");
    }

    @Test
    void emptyIncludeListWouldMoveNothingAndIsAnError() {
        JobFileException e = failure(JobFiles.VALID.replace("include: [\"*\"]", "include: []"));

        assertThat(JobFiles.problemAt(e, "tables.include").problem()).contains("no table would be moved");
    }

    @Test
    void mergeKeysAreRejectedWithAReason() {
        JobFileException e = failure(JobFiles.VALID.replace("source:\n", "source:\n  <<: {port: 3306}\n"));

        assertThat(JobFiles.problemAt(e, "source.<<").problem()).contains("merge keys");
    }

    @Test
    void nonTextKeysAreRejected() {
        JobFileException e = failure(JobFiles.VALID + "[a, b]: c\n");

        JobFileProblem problem = e.problems().get(0);
        assertThat(problem.problem()).isEqualTo("a key must be a name, not a list");
        assertThat(problem.line()).isEqualTo(22);
    }

    @Test
    void reportsSeveralProblemsTogetherInFileOrder() {
        JobFileException e = failure("""
                job: Shop
                source:
                  type: mariadb
                  hots: a
                  database: app
                  schema: x
                  user: u
                target:
                  type: postgresql
                  host: b
                  port: 99999
                  database: app
                  user: u
                  tls: {mode: sometimes, ca: no-such-ca.pem}
                tables:
                  include: orders
                  exlude: audit_*
                """);

        assertThat(e.problems()).extracting(JobFileProblem::keyPath).containsExactly(
                "job", "source.host", "source.hots", "source.schema", "target.port", "target.tls.mode", "target.tls.ca",
                "tables.exlude");
        assertThat(e.problems()).extracting(JobFileProblem::line).containsExactly(1, 3, 4, 6, 11, 14, 14, 17);
        assertThat(e.getMessage().lines().filter(l -> l.startsWith(dir.resolve("dbmove.yaml") + ":"))).hasSize(8);
        assertThat(e.getMessage().lines().filter(l -> l.startsWith("  fix: "))).hasSize(8);
        assertThat(e.fix()).isEqualTo("correct the 8 problems listed above in " + dir.resolve("dbmove.yaml")
                + ", then run the command again");
    }
}
