-- AlterTable
ALTER TABLE "prices" ADD COLUMN     "gpu_hour" DECIMAL(18,6);

