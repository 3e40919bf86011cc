package dev.tracevault.command.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The id of the Evaluator Log one evaluator version produces in one evaluation: fixed in advance. */
final class EvaluatorLogIds {

    private EvaluatorLogIds() {
    }

    static String of(String evaluationId, String evaluatorVersionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((evaluationId + "/" + evaluatorVersionId).getBytes(StandardCharsets.UTF_8));
            return "log_ev_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
