package dev.tracevault.server.roles;

import dev.tracevault.server.roles.RolesEnvironment.Role;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The roles of this instance ({@code tracevault.roles}; checked at start by {@link RolesEnvironment}). */
@Component
public class Roles {

    private final Set<Role> roles;

    Roles(Environment environment) {
        this.roles = Role.parse(environment.getProperty("tracevault.roles", "write,read,processors"));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return roles.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
