// Set this as the cors property of your existing s3.Bucket (it replaces the whole rule list), or
//   add each rule with bucket.addCorsRule({...}). CDK's names differ from S3's: exposedHeaders,
//   maxAge, id.
import * as s3 from 'aws-cdk-lib/aws-s3';

new s3.Bucket(this, 'PublicData', {
  bucketName: 'public-data',
  cors: [
    {
      allowedOrigins: ['*'],
      allowedMethods: [s3.HttpMethods.GET],
    },
  ],
});
