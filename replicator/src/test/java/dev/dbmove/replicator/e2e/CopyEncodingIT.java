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
}
