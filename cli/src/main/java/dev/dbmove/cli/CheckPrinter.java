package dev.dbmove.cli;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.Endpoint;
import dev.dbmove.replicator.preflight.CheckResult;
import dev.dbmove.replicator.preflight.CheckStatus;
import dev.dbmove.replicator.preflight.PreflightReport;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a preflight report: aligned lines for people, one JSON object for scripts. */
final class CheckPrinter {
    private final PrintWriter out;

    CheckPrinter(PrintWriter out) {
        this.out = out;
    }

    void text(JobConfig job, PreflightReport report) {
        out.println("dbmove check: job " + job.job() + "  (" + describe(job.source()) + " -> " + describe(job.target()) + ")");
        out.println();
        for (CheckResult c : report.checks()) {
            out.printf("%-6s %-4s  %-22s %s%n", c.side(), c.status(), c.check(), c.found());
            if (c.status() != CheckStatus.PASS && c.fix() != null) {
                out.printf("%-6s %-4s  %-22s fix: %s%n", "", "", "", c.fix());
            }
        }
        out.println();
        out.printf("%d failed, %d warnings, %d passed: %s%n", report.count(CheckStatus.FAIL), report.count(CheckStatus.WARN),
                report.count(CheckStatus.PASS), report.passed()
                        ? "ready to replicate" : "fix the failed checks, then run dbmove check again");
        out.flush();
    }

    void json(JobConfig job, PreflightReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", job.job());
        root.put("ok", report.passed());
        root.put("source", endpoint(job.source()));
        root.put("target", endpoint(job.target()));
        root.put("failed", report.count(CheckStatus.FAIL));
        root.put("warnings", report.count(CheckStatus.WARN));
        root.put("passed", report.count(CheckStatus.PASS));
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("side", c.side());
            m.put("check", c.check());
            m.put("status", c.status().name());
            m.put("found", c.found());
            m.put("fix", c.fix());
            checks.add(m);
        }
        root.put("checks", checks);
        out.println(Json.write(root));
        out.flush();
    }

    private static Map<String, Object> endpoint(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type().configName());
        m.put("host", e.host());
        m.put("port", e.port());
        m.put("database", e.database());
        m.put("user", e.user());
        return m;
    }

    private static String describe(Endpoint e) {
        return e.type() + " " + e.host() + ":" + e.port() + "/" + e.database();
    }
}
