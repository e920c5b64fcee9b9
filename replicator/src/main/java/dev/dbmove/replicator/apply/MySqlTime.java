package dev.dbmove.replicator.apply;

import java.time.Duration;

/** MySQL's TIME text, which may be negative and exceed 24 hours (-838:59:59 to 838:59:59). */
final class MySqlTime {
    private MySqlTime() {
    }

    static String format(Duration d) {
        boolean negative = d.isNegative();
        Duration abs = d.abs();
        long hours = abs.toHours();
        int minutes = abs.toMinutesPart();
        int seconds = abs.toSecondsPart();
        int micros = abs.toNanosPart() / 1000;
        return String.format("%s%02d:%02d:%02d.%06d", negative ? "-" : "", hours, minutes, seconds, micros);
    }
}
