package dev.tracevault.server.config;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import org.axonframework.common.IdentifierFactory;

/**
 * The ids Axon gives its messages (commands, events, queries, results: about six per write):
 * random version 4 UUIDs, as Axon's default makes them, but each thread draws from a DRBG of its
 * own. {@code UUID.randomUUID()} draws from one shared generator whose reads of the system's
 * entropy are serialised (seen in the write path's profile). Found by Axon through
 * {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public final class MessageIds extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    @Override
    public String generateIdentifier() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
