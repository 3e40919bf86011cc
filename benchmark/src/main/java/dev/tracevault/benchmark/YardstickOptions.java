package dev.tracevault.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings of the yardstick mode; the defaults are issue 16's workload. */
record YardstickOptions(
        List<String> arguments,
        List<String> databases,
        List<String> servers,
        Path out,
        Path serverJar,
        Path yardstickJar,
        int threads,
        int logs,
        Double openRate,
        Duration warmUp,
        Duration measured,
        Duration openLoop,
        Duration rawInsert,
        Duration window,
        String pgAdminUrl,
        String pgUser,
        String pgPassword,
        Map<String, String> serverEnv,
        boolean keep) {

    static final String USAGE = """
            usage: java -jar benchmark/target/benchmark.jar yardstick [options]
              issue 16's write workload against Tracevault and the yardstick app, on H2 and PostgreSQL:
              --logs incomplete Flow Logs, then random PATCH /v5/flows/logs/{id} {"output":"<12 chars>"}
              --db h2|postgres|both     databases (default both)
              --servers LIST            tracevault,yardstick (default both, in that order)
              --warmup S                closed-loop warm-up, seconds (default 120)
              --measure S               measured closed loop, seconds (default 20)
              --open S                  open loop at half the measured rate, seconds (default 20)
              --raw S                   raw insert limit, seconds (default 20)
              --window S                warm-up curve: PATCH/s per window of S seconds (default 20)
              --logs N                  Flow Logs created first (default 1000)
              --threads N               clients (connections) of the closed loop and the raw inserts (default 16)
              --rate R                  open-loop PATCH/s for both servers (default: half each one's measured rate)
              --out FILE                also write the Markdown report to FILE
              --server-jar FILE         default server/target/tracevault.jar
              --yardstick-jar FILE      default yardstick/target/yardstick.jar
              --server-env KEY=VALUE    extra environment for the Tracevault server (repeatable)
              --pg-url URL --pg-user U --pg-password P    admin connection (default 127.0.0.1:5432, postgres)
              --keep                    keep the databases afterwards
            """;

    static YardstickOptions parse(String[] args) {
        String db = "both";
        List<String> servers = List.of("tracevault", "yardstick");
        Path out = null;
        Path serverJar = null;
        Path yardstickJar = null;
        int threads = 16;
        int logs = 1000;
        Double rate = null;
        int warmUp = 120;
        int measured = 20;
        int open = 20;
        int raw = 20;
        int window = 20;
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String pgUser = "postgres";
        String pgPassword = "";
        boolean keep = false;
        Map<String, String> serverEnv = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--db" -> db = value(args, ++i, a);
                case "--servers" -> {
                    servers = List.of(value(args, ++i, a).split(","));
                    if (servers.isEmpty() || !List.of("tracevault", "yardstick").containsAll(servers)) {
                        throw new IllegalArgumentException("--servers takes tracevault, yardstick or both");
                    }
                }
                case "--warmup" -> warmUp = Integer.parseInt(value(args, ++i, a));
                case "--measure" -> measured = Integer.parseInt(value(args, ++i, a));
                case "--open" -> open = Integer.parseInt(value(args, ++i, a));
                case "--raw" -> raw = Integer.parseInt(value(args, ++i, a));
                case "--window" -> window = Integer.parseInt(value(args, ++i, a));
                case "--logs" -> logs = Integer.parseInt(value(args, ++i, a));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--server-jar" -> serverJar = Path.of(value(args, ++i, a));
                case "--yardstick-jar" -> yardstickJar = Path.of(value(args, ++i, a));
                case "--server-env" -> {
                    String pair = value(args, ++i, a);
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--server-env needs KEY=VALUE");
                    }
                    serverEnv.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--pg-url" -> pgUrl = value(args, ++i, a);
                case "--pg-user" -> pgUser = value(args, ++i, a);
                case "--pg-password" -> pgPassword = value(args, ++i, a);
                case "--keep" -> keep = true;
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
        if (threads < 1 || logs < 1 || measured < 1 || warmUp < 0 || open < 0 || raw < 0 || window < 0) {
            throw new IllegalArgumentException("--threads, --logs and --measure must be >= 1, the other phases >= 0");
        }
        return new YardstickOptions(List.of(args), databases, servers, out,
                serverJar != null ? serverJar : besideThisJar("server/target/tracevault.jar"),
                yardstickJar != null ? yardstickJar : besideThisJar("yardstick/target/yardstick.jar"),
                threads, logs, rate, Duration.ofSeconds(warmUp), Duration.ofSeconds(measured), Duration.ofSeconds(open),
                Duration.ofSeconds(raw), Duration.ofSeconds(window), pgUrl, pgUser, pgPassword, Map.copyOf(serverEnv), keep);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A jar of the build, from the working directory or else from the repository this jar was built in. */
    private static Path besideThisJar(String relative) {
        Path fromCwd = Path.of(relative);
        if (Files.exists(fromCwd)) {
            return fromCwd.toAbsolutePath();
        }
        try {
            Path self = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
            Path candidate = self.toAbsolutePath().getParent().getParent().getParent().resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        } catch (RuntimeException ignored) {
            // fall through; start-up reports the jar missing
        }
        return fromCwd.toAbsolutePath();
    }
}
