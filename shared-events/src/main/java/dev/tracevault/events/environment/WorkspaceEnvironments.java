package dev.tracevault.events.environment;

/**
 * The workspace's environments as every store starts with them: one, {@code production}, tagged
 * {@code default}, with an id that never changes. It exists from the first start (the migration
 * that made the environment tables inserted it), so no event creates it; it can be renamed, never
 * removed. All environment events belong to the one workspace aggregate, {@link #WORKSPACE_ID}.
 */
public final class WorkspaceEnvironments {

    /** The id of the aggregate that keeps the workspace's environments. */
    public static final String WORKSPACE_ID = "workspace";
    /** The default environment's id. */
    public static final String DEFAULT_ID = "env_default";
    /** The default environment's first name. */
    public static final String DEFAULT_NAME = "production";
    /** The tag of the default environment. */
    public static final String DEFAULT_TAG = "default";
    /** The tag of every other environment. */
    public static final String OTHER_TAG = "other";

    private WorkspaceEnvironments() {
    }
}
