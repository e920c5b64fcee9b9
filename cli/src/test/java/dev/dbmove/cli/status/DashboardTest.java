package dev.dbmove.cli.status;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.dbmove.core.status.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The full-screen status view drawn into a virtual terminal and read back cell by cell. */
class DashboardTest {

    @Test
    void drawsTheHeaderTheTablesNeedingAttentionFirstAndTheFooter() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        Dashboard dashboard = new Dashboard(terminal, StatusFixtures::shop);
        dashboard.drawOnce(StatusFixtures.shop());
        List<String> screen = screen(terminal);

        String all = String.join("\n", screen);
        assertThat(all).contains("shop", "streaming", "lag 2.500 s", "1,212 bytes",
                StatusFixtures.SOURCE_POSITION, StatusFixtures.APPLIED_POSITION, "events/s 123.5", "up 1h02m");
        String events = line(screen, "events/s");
        assertThat(events).containsPattern("[▁▂▃▄▅▆▇]+█[▁▂▃▄▅▆▇]+");

        int orders = row(screen, "orders");
        int payments = row(screen, "payments");
        int products = row(screen, "products");
        int customers = row(screen, "customers");
        assertThat(orders).as("the paused table first").isLessThan(payments);
        assertThat(payments).isLessThan(products);
        assertThat(products).isLessThan(customers);
        assertThat(screen.get(orders)).contains("paused", "not yet");
        assertThat(screen.get(orders + 1)).as("the paused table's error, on the line under its row")
                .contains("└ Duplicate entry '42' for key 'orders.PRIMARY' at the target");
        assertThat(screen.get(products)).containsPattern("█+░+").contains("2,500/10,000", "25%", "250/s", "30s");
        assertThat(screen.get(payments)).contains("differs");
        assertThat(screen.get(customers)).doesNotContain("█", "░");

        assertThat(screen.get(29)).startsWith("q quit").contains("↑↓ PgUp PgDn scroll", "rows 1-4 of 4");
        assertThat(terminal.getBufferCharacter(row0Col(screen.get(orders), "paused"), orders).getForegroundColor())
                .as("a paused table's phase stands out").isEqualTo(TextColor.ANSI.YELLOW);
        dashboard.close();
    }

    @Test
    void aWideTerminalShowsTheTablesErrorsInTheirRow() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(170, 20));
        Dashboard dashboard = new Dashboard(terminal, StatusFixtures::shop);
        dashboard.drawOnce(StatusFixtures.shop());
        List<String> screen = screen(terminal);
        int orders = row(screen, "orders");
        assertThat(screen.get(orders)).contains("paused", "█".repeat(20), "Duplicate entry '42' for key").endsWith("…");
        assertThat(screen.get(orders - 1)).startsWith("table").endsWith("error");
        assertThat(screen.get(orders + 1)).startsWith("payments");
        dashboard.close();
    }

    @Test
    void followsAResizeAndFitsEveryLineToTheWidth() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        Dashboard dashboard = new Dashboard(terminal, StatusFixtures::shop);
        dashboard.drawOnce(StatusFixtures.shop());

        terminal.setTerminalSize(new TerminalSize(60, 12));
        dashboard.drawOnce(StatusFixtures.shop());
        List<String> screen = screen(terminal);
        assertThat(screen).hasSize(12);
        assertThat(screen.get(0)).startsWith("job shop");
        assertThat(screen.get(11)).startsWith("q quit").endsWith(" of 4");
        assertThat(screen).anySatisfy(l -> assertThat(l).startsWith("orders"));

        // The frame itself, before Lanterna would clip it: nothing wider than the terminal.
        for (int[] size : new int[][] {{60, 12}, {120, 30}, {20, 5}, {40, 8}, {80, 24}, {200, 50}}) {
            List<String> frame = Dashboard.layout(StatusFixtures.shop(), null, size[0], size[1], 0).text();
            assertThat(frame).as("%s", List.of(size[0], size[1])).hasSize(size[1])
                    .allSatisfy(l -> assertThat(StatusFormat.width(l)).isLessThanOrEqualTo(size[0]));
            assertThat(frame.get(size[1] - 1)).contains("q quit");
        }
        dashboard.close();
    }

    @Test
    void redrawsForANewSizeWithoutWaitingForTheNextRefresh() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        AtomicInteger reads = new AtomicInteger();
        Dashboard dashboard = new Dashboard(terminal, () -> {
            reads.incrementAndGet();
            return StatusFixtures.shop();
        });
        ExecutorService executor = daemon();
        try {
            Future<?> run = executor.submit(() -> dashboard.run(Duration.ofMinutes(1)));
            awaitScreen(terminal, s -> s.size() == 30 && s.get(29).startsWith("q quit"));
            terminal.setTerminalSize(new TerminalSize(60, 12));
            // (The virtual terminal keeps its last 12 lines on shrinking, the old footer among them: wait for a new
            // first line, drawn after the terminal was cleared for the new size, and a footer drawn after it.)
            List<String> resized = awaitScreen(terminal, s -> s.size() == 12 && s.get(0).startsWith("job shop")
                    && s.get(11).startsWith("q quit"));
            assertThat(resized.get(0)).startsWith("job shop");
            assertThat(resized.get(11)).endsWith(" of 4");
            assertThat(reads).as("redrawn from the status already read").hasValue(1);
            terminal.addInput(new KeyStroke('q', false, false));
            run.get(10, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<String> awaitScreen(DefaultVirtualTerminal terminal, Predicate<List<String>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> screen = screen(terminal);
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen did not become as expected:\n" + String.join("\n", screen));
            }
            Thread.sleep(10);
            screen = screen(terminal);
        }
        return screen;
    }

    @Test
    void anyTerminalSizeAndMissingValuesDrawWithoutFailing() {
        JobStatus unknowns = new JobStatus("a-job-with-a-rather-long-name-indeed", "error", null, null, null, null,
                null, null, null, Double.NaN, List.of(), null, "boom\nsecond line", "source unreachable",
                StatusFixtures.manyTables(3));
        for (JobStatus s : new JobStatus[] {StatusFixtures.shop(), unknowns, null}) {
            for (int w = 0; w <= 130; w += 7) {
                for (int h = 0; h <= 32; h += 3) {
                    int width = w;
                    int height = h;
                    assertThatCode(() -> {
                        List<String> frame = Dashboard.layout(s, "fetch failed", width, height, 3).text();
                        assertThat(frame).hasSizeLessThanOrEqualTo(height)
                                .allSatisfy(l -> assertThat(StatusFormat.width(l)).isLessThanOrEqualTo(width));
                    }).as("%dx%d", w, h).doesNotThrowAnyException();
                }
            }
        }
        DefaultVirtualTerminal tiny = new DefaultVirtualTerminal(new TerminalSize(20, 5));
        Dashboard dashboard = new Dashboard(tiny, StatusFixtures::shop);
        assertThatCode(() -> dashboard.drawOnce(StatusFixtures.shop())).doesNotThrowAnyException();
        assertThat(screen(tiny).get(4)).isEqualTo("1-1/4 q quit");
        tiny.setTerminalSize(new TerminalSize(1, 1));
        assertThatCode(() -> dashboard.drawOnce(unknowns)).doesNotThrowAnyException();
        dashboard.close();
    }

    @Test
    void refreshesUntilQIsPressed() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 20));
        AtomicInteger reads = new AtomicInteger();
        Supplier<JobStatus> source = () -> {
            if (reads.incrementAndGet() == 3) {
                terminal.addInput(new KeyStroke('q', false, false));
            }
            return StatusFixtures.shop();
        };
        runWithin(new Dashboard(terminal, source), Duration.ofMillis(20));
        assertThat(reads).hasValue(3);
    }

    @Test
    void quitsOnEscapeOnCapitalQAndAtTheEndOfInput() throws Exception {
        for (KeyStroke key : new KeyStroke[] {new KeyStroke(KeyType.Escape), new KeyStroke('Q', false, false),
                new KeyStroke(KeyType.EOF)}) {
            DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 20));
            terminal.addInput(key);
            runWithin(new Dashboard(terminal, StatusFixtures::shop), Duration.ofSeconds(30));
        }
    }

    @Test
    void showsAFailedReadAsTheLastErrorAndKeepsGoing() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 20));
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<List<String>> shown = new AtomicReference<>();
        Supplier<JobStatus> source = () -> {
            switch (reads.incrementAndGet()) {
                case 1:
                    return StatusFixtures.shop();
                case 2:
                    throw new IllegalStateException("cannot read the state schema: connection refused");
                default:
                    shown.set(screen(terminal));
                    terminal.addInput(new KeyStroke('q', false, false));
                    return StatusFixtures.shop();
            }
        };
        runWithin(new Dashboard(terminal, source), Duration.ofMillis(20));
        assertThat(String.join("\n", shown.get()))
                .contains("error: cannot read the state schema: connection refused", "job shop", "orders");
    }

    @Test
    void scrollsTheTablesThatDoNotFit() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 16));
        terminal.addInput(new KeyStroke(KeyType.End));
        terminal.addInput(new KeyStroke(KeyType.ArrowUp));
        List<List<String>> frames = new ArrayList<>();
        Supplier<JobStatus> source = () -> {
            frames.add(screen(terminal));
            switch (frames.size()) {
                case 2 -> {
                    terminal.addInput(new KeyStroke(KeyType.Home));
                    terminal.addInput(new KeyStroke(KeyType.PageDown));
                }
                case 3 -> terminal.addInput(new KeyStroke('q', false, false));
                default -> {
                }
            }
            return StatusFixtures.shop(0.0, StatusFixtures.manyTables(40));
        };
        runWithin(new Dashboard(terminal, source), Duration.ofMillis(20));

        List<String> end = frames.get(1);
        String footer = end.get(15);
        assertThat(footer).matches("q quit  ↑↓ PgUp PgDn scroll  rows \\d+-39 of 40");
        int page = 39 - Integer.parseInt(footer.replaceAll(".*rows (\\d+)-.*", "$1")) + 1;
        assertThat(page).isGreaterThan(3);
        assertThat(end).anySatisfy(l -> assertThat(l).startsWith("t39"))
                .noneSatisfy(l -> assertThat(l).startsWith("t40"));

        List<String> secondPage = frames.get(2);
        assertThat(secondPage.get(15)).endsWith("rows " + (page + 1) + "-" + (2 * page) + " of 40");
        assertThat(secondPage).anySatisfy(l -> assertThat(l).startsWith(String.format("t%02d", page + 1)))
                .noneSatisfy(l -> assertThat(l).startsWith("t01"));
    }

    private static void runWithin(Dashboard dashboard, Duration refresh) throws Exception {
        ExecutorService executor = daemon();
        try {
            Future<?> run = executor.submit(() -> dashboard.run(refresh));
            run.get(10, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    private static ExecutorService daemon() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dashboard");
            t.setDaemon(true);
            return t;
        });
    }

    /** The terminal's cells as lines, trailing blanks dropped. */
    static List<String> screen(DefaultVirtualTerminal terminal) {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder b = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                b.append(terminal.getBufferCharacter(col, row).getCharacterString());
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }

    private static String line(List<String> screen, String start) {
        return screen.stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with " + start + ":\n" + String.join("\n", screen)));
    }

    private static int row(List<String> screen, String table) {
        return screen.indexOf(line(screen, table + " "));
    }

    private static int row0Col(String line, String text) {
        return line.indexOf(text);
    }
}
