package com.galleryanalytics.graphql.runtime;

import com.galleryanalytics.security.Caller;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Puts the caller the API-key filter authenticated into the GraphQL context ({@code @ContextValue Caller}). */
@Component
public class CallerInterceptor implements WebGraphQlInterceptor {
    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Object caller = request.getAttributes().get(Caller.ATTRIBUTE);
        if (caller instanceof Caller c) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(ctx -> ctx.put("caller", c)).build());
        }
        return chain.next(request);
    }
}
