package dev.tracevault.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line settings; {@code quick} and {@code full} set the phase lengths, flags override them. */
record Options(
        List<String> arguments,
        List<String> databases,
        String mode,
        Path out,
        Path serverJar,
        int threads,
        int children,
        int patches,
        Double openRate,
        Duration warmUp,
        Duration closedLoop,
        Duration openLoop,
        Duration rawInsert,
        int ttvSamples,
        List<Integer> traceSizes,
        String pgAdminUrl,
        String pgUser,
        String pgPassword,
        java.util.Map<String, String> serverEnv,
        boolean keep,
        Path aotScript) {

    static final String USAGE = """
            usage: java -jar benchmark/target/benchmark.jar [options]
              --db h2|postgres|both     databases to run on (default both)
              --mode quick|full         quick: 1-2 min per database; full: the long version (default quick)
              --out FILE                also write the Markdown report to FILE
              --server-jar FILE         the server (default server/target/tracevault.jar)
              --threads N               closed-loop clients, also the raw-insert concurrency (default 16)
              --children K              Prompt/Tool children per Flow Log (default 4)
              --patches P               PATCHes before the completing PATCH (default 3)
              --rate R                  open-loop PATCH/s (default: half the closed-loop PATCH throughput)
              --warmup S --closed S --open S --raw S   phase lengths in seconds
              --ttv-samples N           time-to-visible samples
              --trace-sizes A,B,...     children per trace for the trace GET (quick 1000; full 1000,10000,25000)
              --pg-url URL              admin JDBC URL (default jdbc:postgresql://127.0.0.1:5432/postgres)
              --pg-user U --pg-password P
              --server-env KEY=VALUE    extra environment for the server (repeatable), e.g.
                                        TRACEVAULT_READ_YOUR_WRITES_POLL_INTERVAL=PT0.005S
              --keep                    keep the H2 files and the PostgreSQL database afterwards
              --aot-script FILE         prepares the extracted server with a JVM AOT cache for a second cold
                                        start figure (default deploy/aot-cache.sh; --aot-script none skips it)
            or: java -jar benchmark/target/benchmark.jar listing-at-scale [--logs N] [--stats-per-hour N] [--server-jar F] [--keep] [--no-stats]
                                        GET /v5/logs over N (1,000,000) seeded logs of one Flow, PostgreSQL
            or: java -jar benchmark/target/benchmark.jar yardstick [--db both] [--warmup 120] [--measure 20] [--help]
                                        issue 16's PATCH workload: Tracevault against the yardstick app
            """;

    static Options parse(String[] args) {
        String db = "both";
        String mode = "quick";
        Path out = null;
        Path jar = null;
        int threads = 16;
        int children = 4;
        int patches = 3;
        Double rate = null;
        Integer warmUp = null;
        Integer closed = null;
        Integer open = null;
        Integer raw = null;
        Integer ttv = null;
        List<Integer> sizes = null;
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String pgUser = "postgres";
        String pgPassword = "";
        boolean keep = false;
        Path aotScript = Path.of("deploy", "aot-cache.sh");
        java.util.Map<String, String> serverEnv = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--db" -> db = value(args, ++i, a);
                case "--mode" -> mode = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--server-jar" -> jar = Path.of(value(args, ++i, a));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                case "--children" -> children = Integer.parseInt(value(args, ++i, a));
                case "--patches" -> patches = Integer.parseInt(value(args, ++i, a));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--warmup" -> warmUp = Integer.parseInt(value(args, ++i, a));
                case "--closed" -> closed = Integer.parseInt(value(args, ++i, a));
                case "--open" -> open = Integer.parseInt(value(args, ++i, a));
                case "--raw" -> raw = Integer.parseInt(value(args, ++i, a));
                case "--ttv-samples" -> ttv = Integer.parseInt(value(args, ++i, a));
                case "--trace-sizes" -> {
                    sizes = new ArrayList<>();
                    for (String s : value(args, ++i, a).split(",")) {
                        sizes.add(Integer.parseInt(s.trim()));
                    }
                }
                case "--pg-url" -> pgUrl = value(args, ++i, a);
                case "--pg-user" -> pgUser = value(args, ++i, a);
                case "--pg-password" -> pgPassword = value(args, ++i, a);
                case "--server-env" -> {
                    String pair = value(args, ++i, a);
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--server-env needs KEY=VALUE");
                    }
                    serverEnv.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--keep" -> keep = true;
                case "--aot-script" -> {
                    String script = value(args, ++i, a);
                    aotScript = script.equals("none") ? null : Path.of(script);
                }
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        List<String> databases = switch (db) {
            case "h2" -> List.of("h2");
            case "postgres", "postgresql", "pg" -> List.of("postgres");
            case "both" -> List.of("h2", "postgres");
            default -> throw new IllegalArgumentException("--db must be h2, postgres or both");
        };
        boolean full = switch (mode) {
            case "quick" -> false;
            case "full" -> true;
            default -> throw new IllegalArgumentException("--mode must be quick or full");
        };
        if (threads < 1 || children < 0 || patches < 0) {
            throw new IllegalArgumentException("--threads must be >= 1, --children and --patches >= 0");
        }
        return new Options(List.of(args), databases, mode, out, jar == null ? defaultJar() : jar, threads, children, patches, rate,
                seconds(warmUp, full ? 120 : 10),
                seconds(closed, full ? 120 : 15),
                seconds(open, full ? 60 : 10),
                seconds(raw, full ? 30 : 5),
                ttv != null ? ttv : full ? 2000 : 200,
                sizes != null ? List.copyOf(sizes) : full ? List.of(1_000, 10_000, 25_000) : List.of(1_000),
                pgUrl, pgUser, pgPassword, java.util.Map.copyOf(serverEnv), keep, aotScript);
    }

    boolean full() {
        return mode.equals("full");
    }

    private static Duration seconds(Integer given, int fallback) {
        return Duration.ofSeconds(given != null ? given : fallback);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** server/target/tracevault.jar from the working directory, else beside this jar's module. */
    private static Path defaultJar() {
        Path fromCwd = Path.of("server", "target", "tracevault.jar");
        if (Files.exists(fromCwd)) {
            return fromCwd.toAbsolutePath();
        }
        try {
            // java -jar benchmark/target/benchmark.jar: the class path is that jar
            Path self = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
            Path candidate = self.toAbsolutePath().getParent().getParent().getParent()
                    .resolve("server/target/tracevault.jar");
            if (Files.exists(candidate)) {
                return candidate;
            }
        } catch (RuntimeException ignored) {
            // fall through to the relative path; start-up reports it missing
        }
        return fromCwd.toAbsolutePath();
    }
}
