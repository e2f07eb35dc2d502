// Set this as the cors property of your existing s3.Bucket (it replaces the whole rule list), or
//   add each rule with bucket.addCorsRule({...}). CDK's names differ from S3's: exposedHeaders,
//   maxAge, id.
import * as s3 from 'aws-cdk-lib/aws-s3';

new s3.Bucket(this, 'AcmeTelemetryIngest', {
  bucketName: 'acme-telemetry-ingest',
  cors: [
    {
      id: 'browser-uploads',
      allowedOrigins: ['https://admin.acme.test'],
      allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      allowedHeaders: ['amz-sdk-invocation-id', 'amz-sdk-request', 'authorization', 'content-type', 'x-amz-*'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    },
  ],
});
