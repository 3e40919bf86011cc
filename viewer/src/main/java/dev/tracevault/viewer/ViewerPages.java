package dev.tracevault.viewer;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The viewer's pages. Each is a small shell (escaped by the template engine) that the viewer's
 * scripts fill from {@link ViewerData}: nothing a log holds is ever written into the page as markup.
 */
@Controller
class ViewerPages {

    /** Who is signed in, for every page's header (the pages take their CSRF token from {@code _csrf}). */
    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        model.addAttribute("signedInAs", request.getAttribute(Viewer.SIGNED_IN_AS));
    }

    @GetMapping("/")
    String root() {
        return "redirect:/ui/";
    }

    @GetMapping("/ui")
    String ui() {
        return "redirect:/ui/";
    }

    @GetMapping(Viewer.SIGN_IN)
    String signIn() {
        return "viewer/sign-in";
    }

    /** Find logs: files, then one file's logs with the listing's filters. */
    @GetMapping("/ui/")
    String logs() {
        return "viewer/logs";
    }

    /** A file's analytics as charts. */
    @GetMapping("/ui/files/{kind}/{id}")
    String file(@PathVariable("kind") String kind, @PathVariable("id") String id, Model model) {
        model.addAttribute("kind", kind);
        model.addAttribute("fileId", id);
        return "viewer/file";
    }

    /**
     * The trace that holds the log, with the log selected. The page asks for its outline itself (a
     * preload), so the request runs while the page's scripts load instead of after them.
     */
    @GetMapping("/ui/logs/{id}")
    String trace(@PathVariable("id") String id, @RequestParam(name = "as_of", required = false) String asOf,
                 Model model) {
        model.addAttribute("logId", id);
        if (asOf == null) {
            model.addAttribute("outline", "/ui/api/trace/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));
        }
        return "viewer/trace";
    }

    /** The log's history, with a diff between any two of its versions. */
    @GetMapping("/ui/logs/{id}/history")
    String history(@PathVariable("id") String id, Model model) {
        model.addAttribute("logId", id);
        return "viewer/history";
    }
}
