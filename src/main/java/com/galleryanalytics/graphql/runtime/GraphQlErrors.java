package com.galleryanalytics.graphql.runtime;

import com.galleryanalytics.analytics.InvalidFilterException;
import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Maps our exceptions to GraphQL errors with a classification; anything else stays an opaque INTERNAL_ERROR. */
@ControllerAdvice
public class GraphQlErrors {
    @GraphQlExceptionHandler
    GraphQLError invalidFilter(InvalidFilterException e, DataFetchingEnvironment env) {
        return GraphQLError.newError().errorType(ErrorType.BAD_REQUEST).message(e.getMessage())
                .path(env.getExecutionStepInfo().getPath()).location(env.getField().getSourceLocation()).build();
    }
}
