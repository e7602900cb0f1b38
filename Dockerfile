# Builds and runs the service; used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .env ./
RUN mvn -B -ntp -q dependency:go-offline
COPY graphql-schema graphql-schema
COPY clickhouse clickhouse
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/target/gallery-analytics-*-exec.jar app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
