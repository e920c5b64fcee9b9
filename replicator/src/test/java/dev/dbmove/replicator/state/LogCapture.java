package dev.dbmove.replicator.state;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything every logger says, down to a level, kept in memory instead of printed, until
 * closed; then the configuration is as it was.
 */
final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Level level) {
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(level);
            }
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(level);
    }

    /** Every event so far: logger, message with its arguments, and any throwable with its causes. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                    .append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return text.toString();
    }

    int events() {
        return appender.list.size();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
        levels.forEach(Logger::setLevel);
    }
}
