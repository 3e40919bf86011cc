package dev.tracevault.viewer;

/** What the viewer and the server's sign-in chain for it agree on. */
public final class Viewer {

    /** Everything the viewer serves is under this path. */
    public static final String PATHS = "/ui/**";
    /** The sign-in page (GET) and where its form posts (POST). */
    public static final String SIGN_IN = "/ui/sign-in";
    /** Where the sign-out form posts. */
    public static final String SIGN_OUT = "/ui/sign-out";
    /** The viewer's scripts, styles and chart library: served to anyone, so the sign-in page can use them. */
    public static final String ASSETS = "/ui/assets/**";
    /** The viewer's data (JSON and the live stream): a 401 without a session rather than a redirect. */
    public static final String DATA = "/ui/api/**";
    /** The request attribute naming the API key a session signed in with (its name, never its secret). */
    public static final String SIGNED_IN_AS = Viewer.class.getName() + ".signedInAs";

    private Viewer() {
    }
}
