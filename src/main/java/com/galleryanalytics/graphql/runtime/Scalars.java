package com.galleryanalytics.graphql.runtime;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The schema's scalars: Date (ISO day), DateTime (ISO instant) and Long (64-bit counts). */
@Configuration(proxyBeanMethods = false)
public class Scalars {

    @Bean
    RuntimeWiringConfigurer scalarWiring() {
        return wiring -> wiring.scalar(date()).scalar(dateTime()).scalar(longScalar());
    }

    static GraphQLScalarType date() {
        return GraphQLScalarType.newScalar().name("Date").description("ISO-8601 calendar day").coercing(new Coercing<LocalDate, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                if (value instanceof LocalDate d) {
                    return d.toString();
                }
                throw new CoercingSerializeException("Not a date: " + value);
            }

            @Override
            public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
                return parse(String.valueOf(input), CoercingParseValueException::new);
            }

            @Override
            public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue s) {
                    return parse(s.getValue(), CoercingParseLiteralException::new);
                }
                throw new CoercingParseLiteralException("A Date is a string like \"2023-07-25\".");
            }

            private <E extends RuntimeException> LocalDate parse(String s, java.util.function.Function<String, E> error) {
                try {
                    return LocalDate.parse(s);
                } catch (DateTimeParseException e) {
                    throw error.apply("'" + s + "' is not a date: use YYYY-MM-DD, e.g. 2023-07-25.");
                }
            }
        }).build();
    }

    static GraphQLScalarType dateTime() {
        return GraphQLScalarType.newScalar().name("DateTime").description("ISO-8601 instant").coercing(new Coercing<Instant, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                if (value instanceof Instant i) {
                    return i.toString();
                }
                throw new CoercingSerializeException("Not an instant: " + value);
            }

            @Override
            public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                try {
                    return Instant.parse(String.valueOf(input));
                } catch (DateTimeParseException e) {
                    throw new CoercingParseValueException("'" + input + "' is not an ISO-8601 instant.");
                }
            }

            @Override
            public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue s) {
                    return parseValue(s.getValue(), context, locale);
                }
                throw new CoercingParseLiteralException("A DateTime is a string like \"2023-07-19T10:00:00Z\".");
            }
        }).build();
    }

    static GraphQLScalarType longScalar() {
        return GraphQLScalarType.newScalar().name("Long").description("64-bit integer").coercing(new Coercing<Long, Long>() {
            @Override
            public Long serialize(Object value, GraphQLContext context, Locale locale) {
                if (value instanceof Number n) {
                    return n.longValue();
                }
                throw new CoercingSerializeException("Not a number: " + value);
            }

            @Override
            public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof Number n) {
                    return n.longValue();
                }
                try {
                    return Long.parseLong(String.valueOf(input));
                } catch (NumberFormatException e) {
                    throw new CoercingParseValueException("'" + input + "' is not a 64-bit integer.");
                }
            }

            @Override
            public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof IntValue i) {
                    BigInteger v = i.getValue();
                    if (v.bitLength() < 64) {
                        return v.longValue();
                    }
                }
                if (input instanceof StringValue s) {
                    return parseValue(s.getValue(), context, locale);
                }
                throw new CoercingParseLiteralException("Not a 64-bit integer.");
            }
        }).build();
    }
}
