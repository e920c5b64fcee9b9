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
        return new TargetSchema(job, plan, target).applyTables(true);
    }

    /**
     * Adds to the target table the columns its source table gained while streaming, typed as
     * the embedded engine types them (from the source's catalog now), and counts the change in
     * the job's state. A column already there (another sink task added it) is not added again.
     *
     * @return the job's tables as the target has them afterwards
     */
    public static Map<TableId, ApplyTable> addColumns(JobConfig job, DataSource target, TableId table,
                                                      java.util.List<String> columns) {
        SourcePlan plan = SourcePlan.read(job);
        TargetSchema schema = new TargetSchema(job, plan, target);
        try {
            java.util.List<String> statements = schema.addColumns(table, columns);
            LOG.info("schema change on {}: {}", table, String.join("; ", statements));
            new dev.dbmove.core.state.StateStore(job.target(), job.names(), target).countDdl(table.name());
        } catch (dev.dbmove.core.DbmoveException refused) {
            Map<TableId, ApplyTable> now = schema.applyTables(true);
            ApplyTable present = now.get(table);
            if (present == null || !columns.stream().allMatch(present::hasColumn)) {
                throw refused;
            }
            return now; // another sink task added them first
        }
        return schema.applyTables(true);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApplyTables.class);
}
