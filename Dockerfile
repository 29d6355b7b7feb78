# Multi-stage build: the SDK image builds and publishes, the ASP.NET runtime image runs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props MeiroMmm.sln ./
COPY MeiroMmm.Domain/MeiroMmm.Domain.csproj MeiroMmm.Domain/
COPY MeiroMmm.Infrastructure/MeiroMmm.Infrastructure.csproj MeiroMmm.Infrastructure/
COPY MeiroMmm.Web/MeiroMmm.Web.csproj MeiroMmm.Web/
RUN dotnet restore MeiroMmm.Web/MeiroMmm.Web.csproj
COPY MeiroMmm.Domain/ MeiroMmm.Domain/
COPY MeiroMmm.Infrastructure/ MeiroMmm.Infrastructure/
COPY MeiroMmm.Web/ MeiroMmm.Web/
RUN dotnet publish MeiroMmm.Web/MeiroMmm.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# "Urls" (not ASPNETCORE_URLS) because appsettings.json sets Urls, and plain environment variables override it.
# The embedded SQLite database and the data-protection keys live under /app/data: mount a volume there.
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
ENV Urls=http://0.0.0.0:8000 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8000
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "MeiroMmm.Web.dll"]
