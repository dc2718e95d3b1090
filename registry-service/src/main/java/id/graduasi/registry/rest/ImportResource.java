package id.graduasi.registry.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.registry.imports.ImportError;
import id.graduasi.registry.imports.ImportFile;
import id.graduasi.registry.imports.ImportJob;
import id.graduasi.registry.imports.ImportRunner;
import id.graduasi.registry.imports.ImportService;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import id.graduasi.security.SecurityProblems;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Bulk import of households from a CSV file (columns in {@link ImportFile#COLUMNS}; one row per member, the rows
 * of one KK together). The upload answers at once; the import runs in the background with progress to poll and
 * a row-level error report to download. The same file uploaded again is the same job: nothing changes.
 */
@Cancellable(false)
@Path("/api/v1/imports")
@Tag(name = "Bulk import")
public class ImportResource {

    private final ImportService jobs;
    private final ImportRunner runner;
    private final java.nio.file.Path directory;
    private final Caller caller;

    public ImportResource(ImportService jobs, ImportRunner runner,
            @ConfigProperty(name = "graduasi.registry.import.directory") String directory, Caller caller) {
        this.caller = caller;
        this.jobs = jobs;
        this.runner = runner;
        this.directory = java.nio.file.Path.of(directory);
    }

    public record ImportView(UUID id, String status, long rowsTotal, long rowsDone, long householdsCreated,
            long householdsFailed, Double rowsPerSecond, Long etaSeconds, String failure, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        static ImportView of(ImportJob job) {
            Instant end = job.finishedAt != null ? job.finishedAt : Instant.now();
            double seconds = job.startedAt == null ? 0 : Duration.between(job.startedAt, end).toMillis() / 1000.0;
            Double rate = seconds > 0 ? Math.round(job.rowsDone / seconds * 10) / 10.0 : null;
            Long eta = ImportJob.RUNNING.equals(job.status) && rate != null && rate > 0
                    ? Math.round((job.rowsTotal - job.rowsDone) / rate) : null;
            return new ImportView(job.id, job.status, job.rowsTotal, job.rowsDone, job.householdsCreated,
                    job.householdsFailed, rate, eta, job.failure, job.createdAt, job.startedAt, job.finishedAt);
        }
    }

    @POST
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Upload a CSV file of households to import",
            description = "202 with the new job; 200 with the existing job when this very file was uploaded "
                    + "before (nothing changes). Columns: " + "kk_number, village_code, address, welfare_category, "
                    + "dtsen_decile, nik, name, sex, birth_date, relationship, education_level, school_enrolled, "
                    + "occupation, disability, pregnant.")
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    public RestResponse<ImportView> upload(InputStream body) {
        // Rows are not checked against the caller's regions yet: a bulk import needs the whole country.
        if (!caller.scope().unrestricted()) {
            throw SecurityProblems.outOfScope("an import (it may hold any region; it needs regions [*])");
        }
        java.nio.file.Path file = store(body);
        String sha256 = file.getFileName().toString().replace(".csv", "");
        long rows;
        String regions;
        try {
            rows = ImportFile.countRows(file);
            regions = String.join(",", ImportFile.regions(file)); // also checks that the header names every column
        } catch (ImportFile.FormatException e) {
            deleteQuietly(file);
            throw ProblemException.badRequest("body", e.getMessage());
        }
        ImportService.Accepted accepted = runner.accept(sha256, file.toString(), rows, regions);
        if (!accepted.created()) {
            // This file's job has ended (COMPLETED): the copy just stored is not needed. A QUEUED or RUNNING job
            // reads the same path (same SHA-256), so it is kept for it.
            if (ImportJob.COMPLETED.equals(accepted.job().status) || ImportJob.FAILED.equals(accepted.job().status)) {
                deleteQuietly(file);
            }
            return RestResponse.ok(ImportView.of(accepted.job()));
        }
        return RestResponse.ResponseBuilder.<ImportView>accepted().entity(ImportView.of(accepted.job()))
                .location(URI.create("/api/v1/imports/" + accepted.job().id)).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An import's progress: rows done, rows per second, estimated seconds left")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR})
    public Uni<ImportView> get(@PathParam("id") UUID id) {
        return jobs.get(id, caller.scope()).map(ImportView::of);
    }

    @GET
    @Path("/{id}/errors")
    @Produces("text/csv")
    @Operation(summary = "The row-level error report: line_number,kk_number,field,message")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR})
    public Multi<String> errors(@PathParam("id") UUID id) {
        // Streamed page by page: a bad million-row file can have millions of errors.
        AtomicLong after = new AtomicLong();
        Multi<String> pages = Multi.createBy().repeating()
                .uni(() -> jobs.errors(id, after.get(), 1000)
                        .invoke(page -> page.forEach(e -> after.set(Math.max(after.get(), e.id)))))
                .until(List::isEmpty)
                .map(page -> {
                    StringBuilder csv = new StringBuilder();
                    for (ImportError e : page) {
                        csv.append(e.lineNumber).append(',').append(quote(e.kkNumber)).append(',')
                                .append(quote(e.field)).append(',').append(quote(e.message)).append('\n');
                    }
                    return csv.toString();
                });
        return jobs.get(id, caller.scope()).onItem().transformToMulti(job -> Multi.createBy().concatenating()
                .streams(Multi.createFrom().item("line_number,kk_number,field,message\n"), pages));
    }

    /** Streams the body to the import directory, named by its SHA-256 (so the same file is stored once). */
    private java.nio.file.Path store(InputStream body) {
        try {
            Files.createDirectories(directory);
            java.nio.file.Path temporary = Files.createTempFile(directory, "upload-", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(body, digest)) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(temporary);
                throw ProblemException.badRequest("body", "the upload was cut short; send the file again");
            }
            java.nio.file.Path file = directory.resolve(HexFormat.of().formatHex(digest.digest()) + ".csv");
            return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray upload is harmless
        }
    }
}
