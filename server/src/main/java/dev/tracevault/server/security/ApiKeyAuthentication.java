package dev.tracevault.server.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request's API key as Spring Security sees it: before authentication it holds the presented
 * secret, after it only the key's id and name (the secret is never kept, logged or echoed).
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;
    private final String keyName;
    private transient String presented;

    private ApiKeyAuthentication(String keyId, String keyName, String presented, boolean authenticated) {
        super(List.of());
        this.keyId = keyId;
        this.keyName = keyName;
        this.presented = presented;
        setAuthenticated(authenticated);
    }

    /** What a request presented, still to be checked. */
    static ApiKeyAuthentication presented(String secret) {
        return new ApiKeyAuthentication(null, null, secret, false);
    }

    /** A known key: its id and name. */
    static ApiKeyAuthentication of(ApiKeys.Key key) {
        return new ApiKeyAuthentication(key.id(), key.name(), null, true);
    }

    public String keyId() {
        return keyId;
    }

    public String keyName() {
        return keyName;
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    @Override
    public Object getPrincipal() {
        return keyId;
    }

    @Override
    public void eraseCredentials() {
        presented = null;
        super.eraseCredentials();
    }
}
