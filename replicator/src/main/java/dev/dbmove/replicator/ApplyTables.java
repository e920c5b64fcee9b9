package dev.dbmove.replicator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.TableId;
import dev.dbmove.replicator.apply.ApplyTable;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The job's tables as the appliers write them, read from both catalogs as {@code dbmove
 * replicate} reads them: for a sink task on Kafka Connect, which applies what another
 * process set up (target tables and state made by {@code dbmove replicate}).
 */
public final class ApplyTables {
    private ApplyTables() {
    }

    /** Every selected source table with its target table; fails with the fix when one is missing. */
    public static Map<TableId, ApplyTable> read(JobConfig job, DataSource target) {
        SourcePlan plan = SourcePlan.read(job);
        return new TargetSchema(job, plan, target).applyTables();
    }
}
