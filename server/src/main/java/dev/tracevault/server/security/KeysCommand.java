package dev.tracevault.server.security;

import java.io.PrintStream;
import java.security.SecureRandom;

/**
 * {@code java -jar tracevault.jar keys create NAME | list | revoke ID}: API key management from
 * the command line, against the store the settings name (the same as the server's). Keys are
 * stored as SHA-256 hashes; {@code create} prints the secret once. Running servers pick up
 * created and revoked keys within seconds.
 */
public final class KeysCommand {

    private KeysCommand() {
    }

    /** Runs the command; answers the exit code. */
    public static int run(String[] args, ApiKeys keys, PrintStream out, PrintStream err) {
        String action = args.length > 1 ? args[1] : "";
        switch (action) {
            case "create" -> {
                if (args.length != 3 || args[2].isBlank()) {
                    return usage(err);
                }
                String id = "key_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
                String secret = keys.create(id, args[2]);
                out.println("created key " + id + " (" + args[2] + "); the secret is shown this once:");
                out.println(secret);
                return 0;
            }
            case "list" -> {
                if (args.length != 2) {
                    return usage(err);
                }
                keys.list().forEach(k -> out.println(k.id() + "\t" + k.name() + "\t" + k.createdAt()));
                return 0;
            }
            case "revoke" -> {
                if (args.length != 3) {
                    return usage(err);
                }
                if (!keys.revoke(args[2])) {
                    err.println("no key " + args[2]);
                    return 1;
                }
                out.println("revoked key " + args[2]);
                return 0;
            }
            default -> {
                return usage(err);
            }
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: java -jar tracevault.jar keys create NAME | keys list | keys revoke ID");
        return 2;
    }
}
