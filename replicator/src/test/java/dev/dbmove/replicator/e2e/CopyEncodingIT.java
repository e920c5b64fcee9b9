package dev.dbmove.replicator.e2e;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A character outside the Basic Multilingual Plane (two UTF-16 units) that falls on the boundary of the driver's
 * 64K-character COPY buffer reaches PostgreSQL whole. Validation found one such emoji copied as {@code ??}.
 */
@ExtendWith(RealDatabases.class)
class CopyEncodingIT {
    @Test
    void anEmojiAcrossTheCopyBufferBoundaryIsCopiedWhole(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("enc_src");
             TestDatabase target = servers.postgres().createDatabase("enc_tgt")) {
            // "1<TAB>" then 65,533 letters: the emoji's first UTF-16 unit is the buffer's last character
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, s MEDIUMTEXT) CHARACTER SET utf8mb4",
                    "INSERT INTO t VALUES (1, CONCAT(REPEAT('a', 65533), '😀', 'z')),"
                            + " (2, CONCAT(REPEAT('b', 65000), '😀'))");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "enc", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                run.awaitSameRows(Duration.ofSeconds(30), source, target, "t", List.of("id", "s"), List.of("id"));
            }
            assertThat(target.queryString("SELECT right(s, 2) FROM t WHERE id = 1")).isEqualTo("😀z");
        }
    }

    /**
     * The fast load renders a value longer than 64K characters (and every bytes value) a piece at
     * a time: an emoji across a piece's boundary, escapes in every piece, and bytes of every value
     * (as hex, read from the column itself rather than the server's HEX()) arrive whole.
     */
    @Test
    void longValuesRenderedInPiecesArriveWhole(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("pieces_src");
             TestDatabase target = servers.postgres().createDatabase("pieces_tgt")) {
            // Row 1: the emoji's first UTF-16 unit is the 65,536th character, the last of the first piece.
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, s LONGTEXT, b LONGBLOB) CHARACTER SET utf8mb4",
                    "INSERT INTO t VALUES (1, CONCAT(REPEAT('a', 65535), '😀', REPEAT('x\\t\\n\\\\\\r', 40000)),"
                            + " REPEAT(RANDOM_BYTES(1000), 300)),"
                            + " (2, REPEAT('é', 100000), ''), (3, NULL, NULL), (4, 'short', RANDOM_BYTES(10))");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "pieces", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                run.awaitSameRows(Duration.ofSeconds(30), source, target, "t", List.of("id", "s"), List.of("id"));
            }
            assertThat(target.queryString("SELECT string_agg(id || ':' || coalesce(md5(b), 'null') || ':'"
                    + " || coalesce(length(b)::text, 'null'), ',' ORDER BY id) FROM t"))
                    .isEqualTo(source.queryString("SELECT GROUP_CONCAT(CONCAT(id, ':', coalesce(MD5(b), 'null'), ':',"
                            + " coalesce(LENGTH(b), 'null')) ORDER BY id) FROM t"));
            assertThat(target.queryString("SELECT substr(s, 65535, 3) FROM t WHERE id = 1")).isEqualTo("a😀x");
        }
    }
}
