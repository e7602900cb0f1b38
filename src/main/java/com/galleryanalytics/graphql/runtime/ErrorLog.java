package com.galleryanalytics.graphql.runtime;

import com.galleryanalytics.security.Caller;
import graphql.GraphQLError;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Logs every GraphQL answer that carries errors, at WARN, with the partner, the operation and
 * each error's classification, path and message: a client's mistake and a failing panel are
 * both worth an operator's look, and the client may never report them. The query text and its
 * variables are not logged (they may name viewers).
 */
@Component
public class ErrorLog implements WebGraphQlInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorLog.class);
    /** Errors listed per answer; a query failing in every row would otherwise flood the log. */
    static final int MAX_LOGGED = 5;
    /** The first operation's name in a document (a request names it only when the document holds several). */
    private static final Pattern OPERATION = Pattern.compile("^\\s*(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)");

    static String operationName(WebGraphQlRequest request) {
        if (request.getOperationName() != null) {
            return request.getOperationName();
        }
        Matcher m = OPERATION.matcher(request.getDocument());
        return m.find() ? m.group(1) : "(anonymous)";
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).doOnNext(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.isEmpty() || !LOG.isWarnEnabled()) {
                return;
            }
            Object caller = request.getAttributes().get(Caller.ATTRIBUTE);
            String partner = caller instanceof Caller c ? c.partnerId() : "-";
            StringBuilder text = new StringBuilder();
            for (GraphQLError e : errors.subList(0, Math.min(MAX_LOGGED, errors.size()))) {
                text.append("\n  ").append(e.getErrorType()).append(' ').append(e.getPath() == null ? "" : e.getPath())
                        .append(": ").append(e.getMessage());
            }
            if (errors.size() > MAX_LOGGED) {
                text.append("\n  ... and ").append(errors.size() - MAX_LOGGED).append(" more");
            }
            String operation = operationName(request);
            LOG.warn("GraphQL answer with {} error(s), partner={}, operation={}:{}", errors.size(), partner, operation, text);
        });
    }
}
