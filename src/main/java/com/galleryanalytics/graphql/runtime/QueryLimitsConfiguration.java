package com.galleryanalytics.graphql.runtime;

import com.galleryanalytics.clickhouse.QueryLimits;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.validation.ValidationError;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What one GraphQL request may ask for: a maximum depth, a maximum cost (drill-downs and time
 * series cost more, and a connection's children cost per page of 10 rows), and a maximum number
 * of fields once fragments are expanded (so a fragment bomb is refused before anything expands it).
 * A limit hit is a GraphQL error classified {@code QUERY_TOO_COMPLEX} or {@code ExecutionAborted}.
 */
@Configuration(proxyBeanMethods = false)
public class QueryLimitsConfiguration {
    /** Most fields one request may expand to (aliases and fragment spreads included). */
    static final long MAX_EXPANDED_FIELDS = 5_000;

    /** Classification of a request refused for its size. */
    public enum LimitClassification implements ErrorClassification { QUERY_TOO_COMPLEX }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(QueryLimits limits) {
        return new MaxQueryDepthInstrumentation(limits.maxDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(QueryLimits limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxComplexity(), cost());
    }

    @Bean
    FragmentExpansionLimit fragmentExpansionLimit() {
        return new FragmentExpansionLimit();
    }

    /**
     * Cost of a field: 1, plus its children. A scope's {@code analytics} costs 50 (it is at least
     * two statements), a time series 20, a table 10 plus its children once per 10 rows of {@code first}.
     */
    static FieldComplexityCalculator cost() {
        return (env, childComplexity) -> {
            String name = env.getField().getName();
            Object first = env.getArguments().get("first");
            if (first instanceof Integer n) {
                return 10 + childComplexity * Math.max(1, (n + 9) / 10);
            }
            if (name.equals("analytics")) {
                return 50 + childComplexity;
            }
            if (name.equals("performance")) {
                return 20 + childComplexity;
            }
            return 1 + childComplexity;
        };
    }

    /** Refuses documents whose fields, with every fragment spread expanded, exceed the limit. */
    static class FragmentExpansionLimit extends SimplePerformantInstrumentation {
        @Override
        public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                InstrumentationState state) {
            long fields = expandedFields(parameters.getDocument());
            if (fields > MAX_EXPANDED_FIELDS) {
                throw new AbortExecutionException(List.of(GraphQLError.newError()
                        .message("The query expands to more than " + MAX_EXPANDED_FIELDS
                                + " fields (aliases and fragments counted): ask for less in one request.")
                        .errorType(LimitClassification.QUERY_TOO_COMPLEX).build()));
            }
            return super.beginValidation(parameters, state);
        }

        static long expandedFields(Document document) {
            Map<String, FragmentDefinition> fragments = new HashMap<>();
            for (Definition<?> d : document.getDefinitions()) {
                if (d instanceof FragmentDefinition f) {
                    fragments.put(f.getName(), f);
                }
            }
            Map<String, Long> memo = new HashMap<>();
            long total = 0;
            for (Definition<?> d : document.getDefinitions()) {
                if (d instanceof OperationDefinition op) {
                    total = saturatedAdd(total, count(op.getSelectionSet(), fragments, memo, new HashSet<>()));
                }
            }
            return total;
        }

        private static long count(SelectionSet set, Map<String, FragmentDefinition> fragments, Map<String, Long> memo,
                Set<String> visiting) {
            if (set == null) {
                return 0;
            }
            long n = 0;
            for (Node<?> selection : set.getSelections()) {
                if (selection instanceof Field f) {
                    n = saturatedAdd(n, saturatedAdd(1, count(f.getSelectionSet(), fragments, memo, visiting)));
                } else if (selection instanceof InlineFragment i) {
                    n = saturatedAdd(n, count(i.getSelectionSet(), fragments, memo, visiting));
                } else if (selection instanceof FragmentSpread s) {
                    String name = s.getName();
                    Long known = memo.get(name);
                    if (known == null) {
                        FragmentDefinition def = fragments.get(name);
                        if (def == null || !visiting.add(name)) {
                            continue; // unknown or cyclic: validation reports it
                        }
                        known = count(def.getSelectionSet(), fragments, memo, visiting);
                        visiting.remove(name);
                        memo.put(name, known);
                    }
                    n = saturatedAdd(n, known);
                }
            }
            return n;
        }

        private static long saturatedAdd(long a, long b) {
            long r = a + b;
            return r < 0 ? Long.MAX_VALUE : r;
        }
    }
}
