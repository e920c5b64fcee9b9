package dev.dbmove.testkit;

import java.util.List;

/**
 * How an embedded MariaDB is configured. The defaults make a CDC-ready source: binary log
 * on, ROW format, FULL row images, a server id, and a time zone of UTC+9 so that time
 * bugs surface against a PostgreSQL in UTC-5.
 *
 * @param binlogFormat ROW, STATEMENT or MIXED; set even when the binary log is off, as a my.cnf would
 * @param tls          null for a server without TLS; else the server presents this CA's certificate, listens on
 *                     {@link TestCa#UNNAMED_ADDRESS} too and refuses every connection without TLS
 */
public record MariaDbOptions(boolean binaryLog, String binlogFormat, String binlogRowImage, int serverId,
                             String timeZone, List<String> extraArguments, TestCa tls) {
    public MariaDbOptions {
        extraArguments = List.copyOf(extraArguments);
    }

    public static MariaDbOptions cdcSource() {
        return new MariaDbOptions(true, "ROW", "FULL", 1, "+09:00", List.of(), null);
    }

    public MariaDbOptions withBinaryLog(boolean on) {
        return new MariaDbOptions(on, binlogFormat, binlogRowImage, serverId, timeZone, extraArguments, tls);
    }

    public MariaDbOptions withBinlogFormat(String format) {
        return new MariaDbOptions(binaryLog, format, binlogRowImage, serverId, timeZone, extraArguments, tls);
    }

    public MariaDbOptions withTimeZone(String zone) {
        return new MariaDbOptions(binaryLog, binlogFormat, binlogRowImage, serverId, zone, extraArguments, tls);
    }

    public MariaDbOptions withExtraArguments(String... args) {
        return new MariaDbOptions(binaryLog, binlogFormat, binlogRowImage, serverId, timeZone, List.of(args), tls);
    }

    public MariaDbOptions withTls(TestCa ca) {
        return new MariaDbOptions(binaryLog, binlogFormat, binlogRowImage, serverId, timeZone, extraArguments, ca);
    }
}
